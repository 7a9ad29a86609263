/**
 * A fake frontend API that follows the wire shapes of protocol §9 (query parameters,
 * `_method`, form bodies, the `{response, client}` envelope, `{object:"token", jwt}`, the
 * error envelope, dev browsers with `Clerk-Db-Jwt` rotation) over in-memory state.
 * Tokens are unsigned-but-well-formed JWTs: the SDK never verifies them.
 */

/** One request as the fake received it. */
export interface RecordedRequest {
  /** Effective method (`_method` applied). */
  method: string;
  /** Method on the wire. */
  wireMethod: string;
  /** Path after `/v1`. */
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  credentials: RequestCredentials | undefined;
  contentType: string | null;
}

/**
 * A canned answer for failure injection: a status with a JSON `body` (default: an error
 * envelope) or a raw `text` body sent as is (e.g. a proxy's HTML page); `'network'` makes
 * the fetch itself fail.
 */
export type Injected = { status: number; headers?: Record<string, string>; body?: unknown; text?: string } | 'network';

interface UserRecord {
  id: string;
  email: string;
  password: string;
  emailId: string;
  firstName: string | null;
  memberships: { orgId: string; slug: string; role: string; permissions: string[] }[];
}
interface SessionRecord {
  id: string;
  userId: string;
  status: string;
  orgId: string | null;
}
interface ClientRecord {
  id: string;
  sessions: SessionRecord[];
  lastActiveSessionId: string | null;
  updatedAt: number;
}
interface AttemptRecord {
  id: string;
  kind: 'sign_in' | 'sign_up';
  email: string;
  password?: string;
  code?: string;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The fake server. Use `fetch` as the platform fetch (it ignores other origins). */
export class FakeFapi {
  readonly requests: RecordedRequest[] = [];
  readonly users = new Map<string, UserRecord>();
  readonly clients = new Map<string, ClientRecord>();
  /** dev-browser JWT -> client id */
  readonly devBrowsers = new Map<string, string>();
  readonly attempts = new Map<string, AttemptRecord>();
  /** Every minted token, in order. */
  readonly minted: { raw: string; sessionId: string; template: string | null; orgId: string | null }[] = [];
  readonly templates = new Set<string>();
  /** Token lifetime, seconds. */
  tokenLifetime = 60;
  /** The next answer rotates the dev browser (`Clerk-Db-Jwt`). */
  rotateDevBrowserOnce = false;
  environment: Record<string, unknown> = { object: 'environment', auth_config: { single_session_mode: false }, partitioned_cookies: false };
  private injected: { pattern: RegExp; answers: Injected[] }[] = [];
  private seq = 0;
  private prodClientId: string | undefined;
  /** Waits this many ms (on the fake clock) before answering token mints. */
  mintDelayMs = 0;

  constructor(readonly origin = 'http://127.0.0.1:5100') {}

  private id(prefix: string): string {
    return `${prefix}_${++this.seq}`;
  }

  /** Makes the next requests whose path matches `pattern` get these answers, in order. */
  fail(pattern: RegExp, ...answers: Injected[]): void {
    this.injected.push({ pattern, answers });
  }

  /** Creates a user; returns its id. */
  createUser(email: string, password = 'correct horse battery', memberships: UserRecord['memberships'] = []): string {
    const id = this.id('user');
    this.users.set(email, { id, email, password, emailId: this.id('idn'), firstName: 'Ada', memberships });
    return id;
  }

  /** The last emailed code for an address. */
  codeFor(email: string): string | undefined {
    return [...this.attempts.values()].reverse().find((a) => a.email === email && a.code)?.code;
  }

  /** Mints counted for a path kind. */
  countRequests(method: string, pathPattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pathPattern.test(r.path)).length;
  }

  /** Ends a session server-side (as a revocation or another device would). */
  endSession(sessionId: string): void {
    for (const c of this.clients.values()) {
      for (const s of c.sessions) if (s.id === sessionId) s.status = 'revoked';
    }
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== this.origin) throw new TypeError(`fake fapi: unexpected origin ${url.origin}`);
    const form = new URLSearchParams(request.method === 'GET' ? '' : await request.text());
    const method = url.searchParams.get('_method') ?? request.method;
    const path = url.pathname.replace(/^\/v1/, '');
    this.requests.push({
      method,
      wireMethod: request.method,
      path,
      query: url.searchParams,
      form,
      credentials: init?.credentials,
      contentType: request.headers.get('content-type'),
    });
    const injected = this.injected.find((i) => i.pattern.test(path) && i.answers.length > 0);
    const answer = injected?.answers.shift();
    if (answer === 'network') throw new TypeError('Failed to fetch');
    if (answer?.text !== undefined) return new Response(answer.text, { status: answer.status, headers: answer.headers });
    if (answer) return this.json(answer.status, answer.body ?? { errors: [{ code: 'injected', message: 'injected' }] }, answer.headers);
    if (path.includes('/tokens') && this.mintDelayMs > 0) await new Promise((r) => setTimeout(r, this.mintDelayMs));
    return this.route(method, path, url.searchParams, form);
  };

  private json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
    return new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  }

  private error(status: number, code: string, message = code): Response {
    return this.json(status, { errors: [{ code, message, long_message: message, meta: {} }], clerk_trace_id: 'trace_1' });
  }

  private clientFor(query: URLSearchParams): ClientRecord | 'unauthenticated' {
    const db = query.get('__clerk_db_jwt');
    if (db !== null) {
      const id = this.devBrowsers.get(db);
      const client = id ? this.clients.get(id) : undefined;
      return client ?? 'unauthenticated';
    }
    this.prodClientId ??= this.newClient().id;
    return this.clients.get(this.prodClientId) as ClientRecord;
  }

  private newClient(): ClientRecord {
    const client: ClientRecord = { id: this.id('client'), sessions: [], lastActiveSessionId: null, updatedAt: Date.now() };
    this.clients.set(client.id, client);
    return client;
  }

  private userById(id: string): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.id === id);
  }

  userJson(u: UserRecord): Record<string, unknown> {
    return {
      object: 'user',
      id: u.id,
      first_name: u.firstName,
      last_name: null,
      username: null,
      primary_email_address_id: u.emailId,
      email_addresses: [{ object: 'email_address', id: u.emailId, email_address: u.email, verification: { status: 'verified', strategy: 'email_code' } }],
      organization_memberships: u.memberships.map((m) => ({
        object: 'organization_membership',
        id: `orgmem_${m.orgId}`,
        role: m.role,
        permissions: m.permissions,
        organization: { object: 'organization', id: m.orgId, name: m.slug, slug: m.slug },
      })),
      image_url: null,
      public_metadata: {},
      created_at: 1_700_000_000_000,
      updated_at: 1_700_000_000_000,
    };
  }

  /**
   * Whether answers that activate a session (sign-in, sign-up, touch) carry its fresh token as
   * `last_active_token`, as the server's do (off: the answer of a server whose mint failed).
   */
  tokensRideAlong = true;

  clientJson(c: ClientRecord, minted?: { sessionId: string; raw: string }): Record<string, unknown> {
    return {
      object: 'client',
      id: c.id,
      sessions: c.sessions.map((s) => ({
        object: 'session',
        id: s.id,
        status: s.status,
        user: this.userJson(this.userById(s.userId) as UserRecord),
        last_active_organization_id: s.orgId,
        last_active_token: minted?.sessionId === s.id ? { object: 'token', jwt: minted.raw } : null,
        expire_at: Date.now() + 7 * 86_400_000,
        abandon_at: Date.now() + 30 * 86_400_000,
        last_active_at: Date.now(),
        created_at: 1_700_000_000_000,
        updated_at: Date.now(),
      })),
      sign_in: null,
      sign_up: null,
      last_active_session_id: c.lastActiveSessionId,
      created_at: 1_700_000_000_000,
      updated_at: c.updatedAt,
    };
  }

  private envelope(response: unknown, client: ClientRecord, activated?: SessionRecord): Response {
    const headers: Record<string, string> = {};
    if (this.rotateDevBrowserOnce) {
      this.rotateDevBrowserOnce = false;
      const next = this.id('dvb');
      this.devBrowsers.set(next, client.id);
      headers['Clerk-Db-Jwt'] = next;
    }
    const minted = activated && this.tokensRideAlong ? { sessionId: activated.id, raw: this.mint(activated, null, activated.orgId) } : undefined;
    return this.json(200, { response, client: this.clientJson(client, minted) }, headers);
  }

  /** Mints a session token the way the server does (claims of protocol §3). */
  mint(session: SessionRecord, template: string | null, orgId: string | null): string {
    const iat = Math.floor(Date.now() / 1000);
    const user = this.userById(session.userId) as UserRecord;
    const membership = user.memberships.find((m) => m.orgId === orgId);
    const claims: Record<string, unknown> = {
      sub: session.userId,
      sid: session.id,
      iat,
      nbf: iat - 10,
      exp: iat + this.tokenLifetime,
      iss: this.origin,
      azp: 'http://127.0.0.1:5200',
      v: 2,
      sts: 'active',
      jti: this.id('jti'),
    };
    if (membership) {
      claims['o'] = { id: membership.orgId, slg: membership.slug, rol: membership.role.replace(/^org:/, ''), per: 'read,manage', fpm: '3' };
      claims['fea'] = 'o:invoices';
    }
    const raw = `${b64url({ alg: 'RS256', kid: 'ins_test', typ: 'JWT' })}.${b64url(claims)}.c2ln`;
    this.minted.push({ raw, sessionId: session.id, template, orgId });
    return raw;
  }

  private startSession(client: ClientRecord, user: UserRecord): SessionRecord {
    const session: SessionRecord = { id: this.id('sess'), userId: user.id, status: 'active', orgId: null };
    client.sessions.push(session);
    client.lastActiveSessionId = session.id;
    client.updatedAt = Date.now();
    return session;
  }

  private route(method: string, path: string, query: URLSearchParams, form: URLSearchParams): Response {
    if (method === 'POST' && path === '/dev_browser') {
      const jwt = this.id('dvb');
      this.devBrowsers.set(jwt, this.newClient().id);
      return this.json(200, { object: 'dev_browser', id: jwt });
    }
    const client = this.clientFor(query);
    if (client === 'unauthenticated') return this.error(401, 'dev_browser_unauthenticated');
    if (method === 'GET' && path === '/environment') return this.json(200, this.environment);
    if (method === 'GET' && path === '/client') return this.json(200, { response: this.clientJson(client), client: null });

    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/client/sign_ins') {
      const user = this.users.get(form.get('identifier') ?? '');
      if (!user) return this.error(422, 'form_identifier_not_found');
      if (form.get('strategy') === 'password') {
        if (form.get('password') !== user.password) return this.error(422, 'form_password_incorrect');
        const session = this.startSession(client, user);
        return this.envelope({ object: 'sign_in', id: this.id('sia'), status: 'complete', created_session_id: session.id }, client, session);
      }
      const attempt: AttemptRecord = { id: this.id('sia'), kind: 'sign_in', email: user.email };
      this.attempts.set(attempt.id, attempt);
      return this.envelope(
        {
          object: 'sign_in',
          id: attempt.id,
          status: 'needs_first_factor',
          identifier: user.email,
          supported_first_factors: [
            { strategy: 'password' },
            { strategy: 'email_code', email_address_id: user.emailId, safe_identifier: user.email },
          ],
          created_session_id: null,
        },
        client,
      );
    }
    if (method === 'POST' && (m = /^\/client\/sign_ins\/([^/]+)\/(prepare|attempt)_first_factor$/.exec(path))) {
      const attempt = this.attempts.get(m[1] as string);
      const user = attempt && this.users.get(attempt.email);
      if (!attempt || !user) return this.error(404, 'resource_not_found');
      if (m[2] === 'prepare') {
        if (form.get('email_address_id') !== user.emailId) return this.error(422, 'form_param_invalid');
        attempt.code = String(100000 + this.seq);
        return this.envelope({ object: 'sign_in', id: attempt.id, status: 'needs_first_factor' }, client);
      }
      if (form.get('code') !== attempt.code) return this.error(422, 'form_code_incorrect');
      const session = this.startSession(client, user);
      return this.envelope({ object: 'sign_in', id: attempt.id, status: 'complete', created_session_id: session.id }, client, session);
    }
    if (method === 'POST' && path === '/client/sign_ups') {
      const email = form.get('email_address') ?? '';
      if (this.users.has(email)) return this.error(422, 'form_identifier_exists');
      const attempt: AttemptRecord = { id: this.id('sua'), kind: 'sign_up', email, password: form.get('password') ?? '' };
      this.attempts.set(attempt.id, attempt);
      return this.envelope(
        { object: 'sign_up', id: attempt.id, status: 'missing_requirements', email_address: email, unverified_fields: ['email_address'], missing_fields: [] },
        client,
      );
    }
    if (method === 'POST' && (m = /^\/client\/sign_ups\/([^/]+)\/(prepare|attempt)_verification$/.exec(path))) {
      const attempt = this.attempts.get(m[1] as string);
      if (!attempt) return this.error(404, 'resource_not_found');
      if (m[2] === 'prepare') {
        attempt.code = String(200000 + this.seq);
        return this.envelope({ object: 'sign_up', id: attempt.id, status: 'missing_requirements', unverified_fields: ['email_address'] }, client);
      }
      if (form.get('code') !== attempt.code) return this.error(422, 'form_code_incorrect');
      this.createUser(attempt.email, attempt.password);
      const session = this.startSession(client, this.users.get(attempt.email) as UserRecord);
      return this.envelope(
        { object: 'sign_up', id: attempt.id, status: 'complete', created_session_id: session.id, created_user_id: session.userId },
        client,
        session,
      );
    }
    if (method === 'POST' && (m = /^\/client\/sessions\/([^/]+)\/tokens(?:\/([^/]+))?$/.exec(path))) {
      const session = client.sessions.find((s) => s.id === m?.[1] && s.status === 'active');
      if (!session) return this.error(401, 'authentication_invalid', 'Session is not active');
      const template = m[2] ? decodeURIComponent(m[2]) : null;
      if (template !== null && !this.templates.has(template)) return this.error(404, 'template_not_found', 'No JWT template with this name');
      const orgId = template === null ? form.get('organization_id') || null : session.orgId;
      return this.json(200, { object: 'token', jwt: this.mint(session, template, orgId) });
    }
    if (method === 'POST' && (m = /^\/client\/sessions\/([^/]+)\/(touch|remove|end)$/.exec(path))) {
      const session = client.sessions.find((s) => s.id === m?.[1]);
      if (!session) return this.error(404, 'resource_not_found');
      if (m[2] === 'touch') {
        session.orgId = form.get('active_organization_id') || null;
        client.lastActiveSessionId = session.id;
      } else {
        session.status = m[2] === 'remove' ? 'removed' : 'ended';
        if (client.lastActiveSessionId === session.id) {
          client.lastActiveSessionId = client.sessions.find((s) => s.status === 'active')?.id ?? null;
        }
      }
      client.updatedAt = Date.now();
      return this.envelope({ object: 'session', id: session.id, status: session.status }, client, m[2] === 'touch' ? session : undefined);
    }
    if (method === 'DELETE' && path === '/client/sessions') {
      for (const s of client.sessions) if (s.status === 'active') s.status = 'ended';
      client.lastActiveSessionId = null;
      client.updatedAt = Date.now();
      return this.envelope(this.clientJson(client), client);
    }
    return this.error(404, 'resource_not_found', `no route ${method} ${path}`);
  }
}
