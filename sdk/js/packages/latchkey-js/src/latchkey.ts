import { authFromClaims, type AuthState } from './auth.js';
import { CookieJar } from './cookies.js';
import { DevBrowser } from './dev-browser.js';
import { ErrorCodes, LatchkeyError, isLatchkeyError } from './errors.js';
import { Fapi, readTokenAnswer, tokenCall, type FapiCall } from './fapi.js';
import { signInApi, signUpApi, type SignInApi, type SignUpApi } from './flows.js';
import { decodeJwt, type DecodedJwt } from './jwt.js';
import { cookieSuffix, parsePublishableKey, type InstanceType } from './keys.js';
import { browserPlatform, type ChannelLike, type Platform } from './platform.js';
import { authorizedFetch } from './auth-fetch.js';
import { listenToPage } from './page-events.js';
import { SessionCookies } from './session-cookies.js';
import { StateStore, type LatchkeyListener, type LatchkeyState } from './state.js';
import { parseClient, type Client, type GetTokenOptions, type Session, type TokenSource, type User } from './resources.js';
import { DEFAULT_RETRY, TokenManager, pollIntervalMs, tokenKey, type CachedToken, type RetryPolicy, type TokenMessage } from './tokens.js';

/** Options of {@link Latchkey}. */
export interface LatchkeyOptions {
  /**
   * Frontend API base URL. Default `https://<host from the publishable key>`; locally
   * `http://127.0.0.1:5100`.
   */
  frontendApiUrl?: string;
  /** How `getToken()` retries transient failures. Default {@link DEFAULT_RETRY}. */
  retry?: Partial<RetryPolicy>;
  /** Timeout of one frontend API request, ms. Default 15000. */
  requestTimeoutMs?: number;
  /** Longest wait for the cross-tab refresh lock before refreshing unlocked, ms. Default 5000. */
  lockTimeoutMs?: number;
  /** Replacements for browser facilities (tests, unusual hosts). Default: the page's globals. */
  platform?: Partial<Platform>;
}

interface Environment {
  partitioned: boolean;
  sessionMinter: boolean;
}

interface SignOutMessage {
  readonly type: 'signout';
  readonly sessionIds: readonly string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The browser SDK: loads the client from the frontend API, keeps the active session's token
 * fresh in the `__session` cookie, and hands out tokens for cross-origin calls.
 *
 * @example
 * ```ts
 * const latchkey = new Latchkey('pk_test_MTI3LjAuMC4xOjUxMDAk', { frontendApiUrl: 'http://127.0.0.1:5100' });
 * await latchkey.load();
 * if (latchkey.isSignedIn) {
 *   const res = await latchkey.fetch('https://api.example.com/me'); // Bearer token, one retry
 * }
 * ```
 */
export class Latchkey implements TokenSource {
  /** The publishable key. */
  readonly publishableKey: string;
  /** Development or production instance, from the key. */
  readonly instanceType: InstanceType;
  /** The frontend API base URL in use. */
  readonly frontendApiUrl: string;
  /** Sign-in flows. */
  readonly signIn: SignInApi;
  /** Sign-up flows. */
  readonly signUp: SignUpApi;

  private readonly platform: Platform;
  private readonly fapi: Fapi;
  private readonly tokens: TokenManager;
  private readonly lockTimeoutMs: number;
  private sessionCookies: SessionCookies | undefined;
  private suffix = '';
  private devBrowser: DevBrowser | undefined;
  private channel: ChannelLike | undefined;
  private env: Environment = { partitioned: false, sessionMinter: false };
  private rawClient: Record<string, unknown> | null = null;
  private preferredSessionId: string | undefined;
  private readonly store = new StateStore();
  private loading: Promise<this> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private unauthCheck: Promise<void> | undefined;
  private forcedForUpdate: number | null | undefined;
  private readonly disposers: (() => void)[] = [];
  private onlineWaiters: (() => void)[] = [];

  /**
   * @param publishableKey - `pk_test_…` or `pk_live_…`
   * @param options - frontend API URL and tuning
   * @throws {@link LatchkeyError} `invalid-publishable-key`
   */
  constructor(publishableKey: string, options: LatchkeyOptions = {}) {
    const key = parsePublishableKey(publishableKey);
    this.publishableKey = key.key;
    this.instanceType = key.instanceType;
    this.frontendApiUrl = (options.frontendApiUrl ?? `https://${key.frontendApi}`).replace(/\/+$/, '');
    this.platform = browserPlatform(options.platform);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5000;
    this.fapi = new Fapi(
      this.frontendApiUrl,
      this.platform,
      {
        devBrowserToken: () => this.devBrowser?.token,
        rotateDevBrowser: (token) => this.devBrowser?.set(token),
        recreateDevBrowser: async (rejected) => (this.devBrowser ? this.devBrowser.recreate(rejected) : false),
        sessionId: () => this.store.current.session?.id,
      },
      options.requestTimeoutMs ?? 15_000,
    );
    this.tokens = this.createTokenManager({ ...DEFAULT_RETRY, ...options.retry });
    const host = { call: (c: FapiCall) => this.call(c), activate: (id: string) => this.setActive({ session: id }) };
    this.signIn = signInApi(host);
    this.signUp = signUpApi(host);
  }

  /** The current snapshot. */
  get state(): LatchkeyState {
    return this.store.current;
  }
  /** True once `load()` finished. */
  get isLoaded(): boolean {
    return this.store.current.isLoaded;
  }
  /** The client, null before load. */
  get client(): Client | null {
    return this.store.current.client;
  }
  /** The active session, null when signed out. */
  get session(): Session | null {
    return this.store.current.session;
  }
  /** The active session's user, null when signed out. */
  get user(): User | null {
    return this.store.current.user;
  }
  /** True when a session is active. */
  get isSignedIn(): boolean {
    return this.store.current.isSignedIn;
  }
  /** Identity and organization of the active session, from its token. */
  get auth(): AuthState {
    return this.store.current.auth;
  }

  /**
   * Calls `listener` after every change of {@link LatchkeyState}.
   * @returns a function that removes the listener
   */
  addListener(listener: LatchkeyListener): () => void {
    return this.store.subscribe(listener);
  }

  /**
   * Loads the instance: cookie suffix, dev browser (development), environment and client,
   * then the active session's token into `__session`. Idempotent: every call returns the
   * same promise; a failed load may be retried.
   * @throws {@link LatchkeyError} when the frontend API cannot be reached or answers badly.
   */
  load(): Promise<this> {
    this.loading ??= this.doLoad().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async doLoad(): Promise<this> {
    const suffix = await cookieSuffix(this.publishableKey);
    this.suffix = suffix;
    const cookies = new CookieJar(this.platform, suffix, () => this.env.partitioned);
    const development = this.instanceType === 'development';
    const writesUat = SessionCookies.writesClientUat(this.platform, development, this.frontendApiUrl);
    this.sessionCookies = new SessionCookies(this.platform, cookies, writesUat);
    if (development) {
      this.devBrowser = new DevBrowser(this.platform, cookies, () => this.fapi.request({ method: 'POST', path: '/dev_browser' }));
      await this.devBrowser.setup();
    }
    const [env, client] = await Promise.all([
      this.fapi.request({ method: 'GET', path: '/environment' }),
      this.fapi.request({ method: 'GET', path: '/client' }),
    ]);
    const auth = isObj(env) && isObj(env['auth_config']) ? env['auth_config'] : {};
    this.env = { partitioned: isObj(env) && env['partitioned_cookies'] === true, sessionMinter: auth['session_minter'] === true };
    this.listen(suffix);
    this.applyClient(isObj(client) && 'response' in client ? client['response'] : client, true);
    // One quick try so the cookie is there when load() resolves; the poller covers failures.
    if (this.store.current.session) await this.tick(true);
    this.setState({ ...this.store.current, isLoaded: true });
    this.schedulePoll();
    return this;
  }

  /**
   * A token of the active session (see {@link Session.getToken}); `null` when signed out.
   * @param options - template, organization, skipCache
   */
  async getToken(options?: GetTokenOptions): Promise<string | null> {
    await this.ensureLoaded();
    const session = this.store.current.session;
    return session ? this.sessionToken(session.id, options) : null;
  }

  /** @internal Implements {@link Session.getToken}. */
  async sessionToken(sessionId: string, options: GetTokenOptions = {}): Promise<string | null> {
    await this.ensureLoaded();
    const session = this.store.current.client?.signedInSessions.find((s) => s.id === sessionId);
    if (!session) return null;
    const orgId = options.organizationId === undefined ? session.lastActiveOrganizationId : options.organizationId || null;
    const template = options.template || undefined;
    let token: string;
    try {
      token = await this.tokens.get({ sessionId, template, orgId, skipCache: options.skipCache === true });
    } catch (error) {
      if (!isLatchkeyError(error) || error.status === undefined) throw error;
      const templateMissing =
        template !== undefined &&
        (error.status === 404 || (error.status === 422 && error.errors.some((e) => /template|not_found/.test(e.code))));
      if (templateMissing) {
        throw new LatchkeyError(ErrorCodes.TemplateNotFound, `No JWT template named "${template}".`, error);
      }
      if ([401, 403, 404].includes(error.status)) await this.handleUnauthenticated();
      if (!this.isSessionSignedIn(sessionId)) {
        throw new LatchkeyError(ErrorCodes.SignedOut, 'The session is no longer signed in.', error);
      }
      throw error;
    }
    if (!this.isSessionSignedIn(sessionId)) {
      throw new LatchkeyError(ErrorCodes.SignedOut, 'The session was signed out while its token was being fetched.');
    }
    return token;
  }

  /**
   * Signs out: all sessions of the client (default), or one session of a multi-session
   * client. Clears the tokens, removes `__session`, writes `__client_uat=0` in development,
   * and signs out the other tabs.
   * @param options - `sessionId` to sign out only that session
   */
  async signOut(options: { sessionId?: string } = {}): Promise<void> {
    await this.ensureLoaded();
    const signedIn = this.store.current.client?.signedInSessions ?? [];
    const one = options.sessionId !== undefined && signedIn.length > 1;
    const removed = one ? [options.sessionId as string] : signedIn.map((s) => s.id);
    if (one) {
      await this.call({ method: 'POST', path: `/client/sessions/${encodeURIComponent(removed[0] as string)}/remove` });
    } else {
      await this.call({ method: 'DELETE', path: '/client/sessions' });
    }
    this.dropSessions(removed);
    this.channel?.postMessage({ type: 'signout', sessionIds: removed } satisfies SignOutMessage);
  }

  /**
   * Makes a session (and organization) active: `POST /v1/client/sessions/{id}/touch`, then a
   * new token into `__session`.
   * @param params - `session`: id or object (default: the active one); `organization`: id or
   * slug, `null` for the personal account, undefined to keep the current one
   */
  async setActive(params: { session?: string | Session; organization?: string | null }): Promise<void> {
    await this.ensureLoaded();
    const sessionId = typeof params.session === 'string' ? params.session : (params.session?.id ?? this.store.current.session?.id);
    const session = this.store.current.client?.signedInSessions.find((s) => s.id === sessionId);
    if (!sessionId || !session) throw new LatchkeyError(ErrorCodes.SignedOut, 'No signed-in session to activate.');
    let orgId = params.organization === undefined ? session.lastActiveOrganizationId : params.organization;
    if (orgId && !orgId.startsWith('org_')) {
      const bySlug = session.user?.organizationMemberships.find((m) => m.organization.slug === orgId);
      orgId = bySlug?.organization.id ?? orgId;
    }
    const orgOnly = params.organization !== undefined && (params.session === undefined || sessionId === this.store.current.session?.id);
    const intent = orgOnly ? 'select_org' : 'select_session';
    const result = await this.call({
      method: 'POST',
      path: `/client/sessions/${encodeURIComponent(sessionId)}/touch`,
      body: { active_organization_id: orgId ?? '', intent },
    });
    this.preferredSessionId = sessionId;
    if (!result || !isObj(result['client'])) await this.refreshClient();
    else this.applyClient(this.rawClient);
    if (this.store.current.session) await this.getToken();
  }

  /**
   * `fetch` with the active session's token as `Authorization: Bearer`, for cross-origin
   * APIs. When the answer is 401 with an expired-token reason in `WWW-Authenticate`, mints a
   * new token and retries once; other 401s and 403s come back untouched. A request that
   * already has an `Authorization` header is sent as is. Signed out, it is sent without one.
   * @param input - URL or Request
   * @param init - fetch options
   * @example
   * ```ts
   * const me = await (await latchkey.fetch('http://127.0.0.1:5300/api/me')).json();
   * ```
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return authorizedFetch((r) => this.platform.fetch(r), (o) => this.getToken(o), input, init);
  }

  /** Stops timers, listeners and the cross-tab channel. The instance is unusable afterwards. */
  destroy(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.disposers.splice(0).forEach((d) => d());
    this.tokens.clear();
    this.store.clear();
  }

  // ---- internals ---------------------------------------------------------------------------

  private createTokenManager(retry: RetryPolicy): TokenManager {
    return new TokenManager({
      retry,
      lockTimeoutMs: this.lockTimeoutMs,
      lockName: (key) => `latchkey:token:${this.suffix}:${key}`,
      mint: async (request) => {
        const doc = this.platform.document;
        const tabState = doc?.hasFocus?.() ? 'focused' : doc?.visibilityState;
        return readTokenAnswer(await this.call(tokenCall(request, tabState, this.env.sessionMinter)));
      },
      onToken: (request, token) => {
        if (this.isPrimaryKey(tokenKey(request.sessionId, request.template, request.orgId))) this.onPrimaryToken(token);
      },
      isPrimary: (key) => this.isPrimaryKey(key),
      knowsSession: (id) => this.isSessionSignedIn(id),
      post: (message) => this.channel?.postMessage(message),
      locks: () => this.platform.navigator?.locks,
      isOnline: () => this.platform.navigator?.onLine !== false,
      nextOnline: () => new Promise<void>((resolve) => this.onlineWaiters.push(resolve)),
    });
  }

  private primaryKey(): string | undefined {
    const s = this.store.current.session;
    return s ? tokenKey(s.id, undefined, s.lastActiveOrganizationId) : undefined;
  }

  private isPrimaryKey(key: string): boolean {
    return key === this.primaryKey();
  }

  private isSessionSignedIn(sessionId: string): boolean {
    return this.store.current.client?.signedInSessions.some((s) => s.id === sessionId) ?? false;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.store.current.isLoaded) return;
    if (!this.loading) throw new LatchkeyError(ErrorCodes.NotLoaded, 'Call latchkey.load() first.');
    await this.loading;
  }

  /** Sends a call, applies the client it carries, and reacts to 401 (protocol §9.1, §9.10). */
  private async call(call: FapiCall): Promise<Record<string, unknown> | null> {
    try {
      const sentAt = Date.now();
      const json = await this.fapi.request(call);
      const payload = isObj(json) ? json : null;
      if (payload && call.method !== 'GET') {
        const meta = isObj(payload['meta']) ? payload['meta'] : {};
        if ('client' in payload && payload['client'] !== undefined) this.applyClient(payload['client'], false, sentAt);
        else if ('client' in meta) this.applyClient(meta['client'], false, sentAt);
      }
      return payload;
    } catch (error) {
      if (isLatchkeyError(error) && error.status === 401 && !error.errors.some((e) => e.code === 'requires_captcha')) {
        void this.handleUnauthenticated();
      }
      throw error;
    }
  }

  private async refreshClient(): Promise<void> {
    const json = await this.fapi.request({ method: 'GET', path: '/client' });
    this.applyClient(isObj(json) ? json['response'] : null);
  }

  /** Re-reads the client after a 401; signs out locally when no session remains (§9.10). */
  private handleUnauthenticated(): Promise<void> {
    this.unauthCheck ??= (async () => {
      const before = (this.store.current.client?.signedInSessions ?? []).map((s) => s.id);
      try {
        await this.refreshClient();
      } catch (error) {
        if (!isLatchkeyError(error) || (error.status !== 403 && error.status !== 500)) return;
        this.applyClient(null);
      }
      const gone = before.filter((id) => !this.isSessionSignedIn(id));
      if (gone.length > 0) this.channel?.postMessage({ type: 'signout', sessionIds: gone } satisfies SignOutMessage);
    })().finally(() => {
      this.unauthCheck = undefined;
    });
    return this.unauthCheck;
  }

  /** Removes sessions locally (after a sign-out here or in another tab). */
  private dropSessions(sessionIds: readonly string[]): void {
    this.tokens.clear(sessionIds);
    const raw = this.rawClient;
    if (raw && Array.isArray(raw['sessions'])) {
      const sessions = (raw['sessions'] as unknown[]).filter((s) => !(isObj(s) && sessionIds.includes(s['id'] as string)));
      this.applyClient({ ...raw, sessions });
    } else {
      this.applyClient(raw);
    }
  }

  /**
   * Replaces the client and derives session, cookies and state. `sentAt`: the client came in
   * the answer to a request sent then, and the tokens it carries are taken into the cache.
   */
  private applyClient(json: unknown, initial = false, sentAt?: number): void {
    this.store.batch(() => this.applyClientNow(json, initial, sentAt));
  }

  private applyClientNow(json: unknown, initial: boolean, sentAt: number | undefined): void {
    this.rawClient = isObj(json) ? json : null;
    const client = parseClient(this.rawClient, this);
    const signedIn = client?.signedInSessions ?? [];
    const pick = (id: string | null | undefined): Session | undefined => signedIn.find((s) => s.id === id);
    const session = pick(this.preferredSessionId) ?? pick(client?.lastActiveSessionId) ?? null;
    const previous = this.store.current.session;
    this.tokens.clear(
      (this.store.current.client?.sessions ?? []).map((s) => s.id).filter((id) => !signedIn.some((s) => s.id === id)),
    );
    this.setState({ ...this.store.current, client, session, user: session?.user ?? null, isSignedIn: session !== null });
    if (sentAt !== undefined) this.adoptTokens(signedIn, sentAt);
    const cookies = this.sessionCookies;
    if (!cookies) return;
    if (!session) {
      if (previous || initial || cookies.current() !== undefined) cookies.writeSignedOut(client);
    } else if (previous?.id !== session.id || previous.lastActiveOrganizationId !== session.lastActiveOrganizationId) {
      const cached = this.tokens.peek(this.primaryKey() as string);
      if (cached) this.onPrimaryToken(cached);
      else if (!initial) void this.tick(false);
    }
  }

  /**
   * The answer that activates a session (sign-in, sign-up, touch) carries its fresh token as
   * `last_active_token`: cached at once, so the cookie is written in the same step that makes
   * the state signed in (same-origin requests never see a signed-in page without `__session`)
   * and no mint round trip follows. A token of another session or organization is ignored.
   */
  private adoptTokens(sessions: readonly Session[], sentAt: number): void {
    for (const session of sessions) {
      const raw = session.lastActiveToken;
      const jwt = raw ? decodeJwt(raw) : null;
      if (!raw || !jwt || jwt.claims.sid !== session.id) continue;
      const orgId = session.lastActiveOrganizationId ?? null;
      if ((authFromClaims(jwt.claims).orgId ?? null) !== orgId) continue;
      this.tokens.adopt(session.id, orgId, raw, sentAt);
    }
  }

  private setState(next: LatchkeyState | Omit<LatchkeyState, 'auth'>): void {
    const token = next.session ? this.tokens.peek(tokenKey(next.session.id, undefined, next.session.lastActiveOrganizationId)) : undefined;
    this.store.set(next, token?.jwt);
  }

  /** A new token of the active session: state, `__session` (guarded) and dev `__client_uat`. */
  private onPrimaryToken(token: CachedToken): void {
    this.setState({ ...this.store.current });
    this.writeSessionCookie(token.jwt);
  }

  private writeSessionCookie(jwt: DecodedJwt): void {
    const { session, client } = this.store.current;
    if (!session) return;
    // A cached token minted before the client's last change (a switch back to an earlier
    // session or organization) would fail the backend's `iat < __client_uat` check.
    if (this.predatesClient(jwt) && this.forcedForUpdate !== client?.updatedAt) {
      void this.tick(false);
      return;
    }
    this.sessionCookies?.writeToken(jwt, session, client);
  }

  private predatesClient(jwt: DecodedJwt): boolean {
    const updatedAt = this.store.current.client?.updatedAt;
    return updatedAt != null && jwt.claims.iat < Math.floor(updatedAt / 1000);
  }

  /**
   * Makes sure the active session's token is fresh and in the cookie (load, poller, focus,
   * online). `quick` makes one try without retries (load() must not hang on an outage).
   */
  private async tick(quick: boolean): Promise<void> {
    const session = this.store.current.session;
    if (!session) return;
    const key = this.primaryKey() as string;
    const request = { sessionId: session.id, template: undefined, orgId: session.lastActiveOrganizationId, skipCache: false };
    const policy = quick ? { retries: 0, offlineRetries: 0 } : undefined;
    try {
      await this.tokens.get(request, policy);
      const cached = this.tokens.peek(key);
      const updatedAt = this.store.current.client?.updatedAt;
      if (cached && this.predatesClient(cached.jwt) && this.forcedForUpdate !== updatedAt) {
        this.forcedForUpdate = updatedAt; // once per client change: no mint loop on odd clocks
        await this.tokens.get({ ...request, skipCache: true }, policy);
      }
    } catch {
      return; // the next tick tries again; callers of getToken() see the typed error
    }
    const token = this.tokens.peek(key);
    if (token && this.primaryKey() === key) this.writeSessionCookie(token.jwt);
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    const key = this.primaryKey();
    const lifetime = (key && this.tokens.peek(key)?.lifetimeMs) || 60_000;
    this.pollTimer = setTimeout(() => {
      void this.tick(false).finally(() => {
        if (this.pollTimer !== undefined) this.schedulePoll();
      });
    }, pollIntervalMs(lifetime));
  }

  /** Focus, visibility, online and cross-tab listeners (protocol §9.7). */
  private listen(suffix: string): void {
    const { channel, dispose } = listenToPage(this.platform, suffix, {
      wake: () => void this.tick(false),
      online: () => this.onlineWaiters.splice(0).forEach((w) => w()),
      message: (data) => this.onMessage(data),
    });
    this.channel = channel;
    this.disposers.push(() => {
      dispose();
      this.channel = undefined;
    });
  }

  private onMessage(data: unknown): void {
    if (!isObj(data)) return;
    if (data['type'] === 'token' && typeof data['raw'] === 'string') {
      this.tokens.receive(data as unknown as TokenMessage);
    } else if (data['type'] === 'signout' && Array.isArray(data['sessionIds'])) {
      this.dropSessions((data['sessionIds'] as unknown[]).filter((id): id is string => typeof id === 'string'));
      // Confirm with the server; a failure keeps the local sign-out.
      void this.refreshClient().catch(() => undefined);
    }
  }
}
