import { ErrorCodes, LatchkeyError, type FapiError } from './errors.js';
import type { Platform } from './platform.js';

/** Frontend API version sent as `__clerk_api_version` (protocol §0). */
export const FAPI_VERSION = '2026-05-12';
/** This SDK's version, sent as `_clerk_js_version`. */
export const SDK_VERSION = '0.1.0';

/** HTTP methods; PATCH, PUT and DELETE travel as POST with `_method` (protocol §9.1). */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One frontend API call. Body keys are already snake_case. */
export interface FapiCall {
  method: HttpMethod;
  /** Path after `/v1`, e.g. `/client/sign_ins`. */
  path: string;
  body?: Record<string, unknown>;
  query?: Record<string, string>;
}

/** What the transport needs from the rest of the SDK. */
export interface FapiHooks {
  /** The dev-browser token to send as `__clerk_db_jwt` (development instances). */
  devBrowserToken(): string | undefined;
  /** Stores a rotated dev-browser token (`Clerk-Db-Jwt` response header). */
  rotateDevBrowser(token: string): void;
  /**
   * Replaces a dev browser the server no longer knows (`rejected` is the token it refused);
   * returns false if impossible.
   */
  recreateDevBrowser(rejected: string | undefined): Promise<boolean>;
  /** The active session id for `_clerk_session_id`. */
  sessionId(): string | undefined;
}

/** Milliseconds to wait per `Retry-After` (seconds or HTTP date); undefined when absent/invalid. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Form-encodes a body: null becomes empty, arrays repeat the key, objects become JSON. */
export function formBody(body: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      form.append(key, v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
  }
  return form;
}

function parseErrors(json: unknown): FapiError[] {
  const list = (json as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => ({
      code: String(e['code'] ?? ''),
      message: String(e['message'] ?? ''),
      ...(typeof e['long_message'] === 'string' ? { longMessage: e['long_message'] } : {}),
      ...(typeof e['meta'] === 'object' && e['meta'] !== null ? { meta: e['meta'] as Record<string, unknown> } : {}),
    }));
}

/**
 * The token-mint call of protocol §9.4: `POST /v1/client/sessions/{id}/tokens[/{template}]`
 * with `organization_id` (empty = personal account) and `tab_state`; with the session
 * minter also the previous `token` and, for skipCache, `force_origin`. Templates send no body.
 */
export function tokenCall(
  request: { sessionId: string; template: string | undefined; orgId: string | null; skipCache: boolean; previous: string | undefined },
  tabState: string | undefined,
  sessionMinter: boolean,
): FapiCall {
  const { sessionId, template, orgId, skipCache, previous } = request;
  const path = `/client/sessions/${encodeURIComponent(sessionId)}/tokens${template ? `/${encodeURIComponent(template)}` : ''}`;
  const body: Record<string, unknown> = template
    ? {}
    : {
        organization_id: orgId ?? '',
        tab_state: tabState,
        ...(sessionMinter ? { token: previous, force_origin: skipCache ? 'true' : undefined } : {}),
      };
  return { method: 'POST', path, body, ...(skipCache ? { query: { debug: 'skip_cache' } } : {}) };
}

/** The JWT of a token answer: `{ object: "token", jwt }` (or inside `response`). */
export function readTokenAnswer(json: Record<string, unknown> | null): string {
  const inner = json?.['response'];
  const jwt = json?.['jwt'] ?? (typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>)['jwt'] : undefined);
  if (typeof jwt !== 'string') throw new LatchkeyError(ErrorCodes.InvalidResponse, 'The token answer has no jwt.');
  return jwt;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The frontend API transport of protocol §9.1: version query parameters, `_method`
 * override, form bodies, credentials, dev-browser query and rotation, error envelope, and
 * retries of idempotent GETs on network failures.
 */
export class Fapi {
  constructor(
    private readonly baseUrl: string,
    private readonly platform: Platform,
    private readonly hooks: FapiHooks,
    private readonly timeoutMs: number,
  ) {}

  /** Builds the wire URL of a call. */
  url(call: FapiCall, retryAttempt = 0): string {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}/v1${call.path}`);
    const q = url.searchParams;
    q.set('__clerk_api_version', FAPI_VERSION);
    q.set('_clerk_js_version', SDK_VERSION);
    if (call.method !== 'GET' && call.method !== 'POST') q.set('_method', call.method);
    const sid = this.hooks.sessionId();
    if (sid && !call.path.startsWith('/client') && !call.path.startsWith('/waitlist')) {
      q.set('_clerk_session_id', sid);
    }
    if (retryAttempt > 0) q.set('_clerk_retry_attempt', String(retryAttempt));
    for (const [k, v] of Object.entries(call.query ?? {})) q.set(k, v);
    const db = this.hooks.devBrowserToken();
    if (db) q.set('__clerk_db_jwt', db);
    return url.toString();
  }

  /**
   * Sends a call and returns the parsed JSON of a 2xx answer (null for an empty body).
   * @throws {@link LatchkeyError}: `rate-limited` (429), `server` (5xx), `request-rejected`
   * (other 4xx), `offline`/`network` (no answer), `invalid-response` (non-JSON 2xx).
   */
  async request(call: FapiCall): Promise<unknown> {
    // Idempotent GETs retry network failures: immediately, then 700 ms doubling to 5 s.
    const tries = call.method === 'GET' ? 4 : 1;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(call, attempt, true);
      } catch (error) {
        const transient =
          error instanceof LatchkeyError && (error.code === ErrorCodes.Network || error.code === ErrorCodes.Offline);
        if (!transient || attempt + 1 >= tries) throw error;
        if (attempt > 0) await sleep(Math.min(5000, 700 * 2 ** (attempt - 1)));
      }
    }
  }

  private async send(call: FapiCall, attempt: number, mayRecreate: boolean): Promise<unknown> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    const devBrowser = this.hooks.devBrowserToken();
    try {
      response = await this.platform.fetch(this.url(call, attempt), {
        method: call.method === 'GET' ? 'GET' : 'POST',
        credentials: 'include',
        signal: controller.signal,
        ...(call.method === 'GET'
          ? {}
          : {
              headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
              body: formBody(call.body ?? {}).toString(),
            }),
      });
    } catch (cause) {
      const offline = this.platform.navigator?.onLine === false;
      throw new LatchkeyError(
        offline ? ErrorCodes.Offline : ErrorCodes.Network,
        offline ? 'The browser is offline.' : `Could not reach the frontend API at ${this.baseUrl}.`,
        { cause },
      );
    } finally {
      clearTimeout(timer);
    }

    const rotated = response.headers.get('Clerk-Db-Jwt');
    if (rotated) this.hooks.rotateDevBrowser(rotated);

    const text = await response.text().catch(() => '');
    let json: unknown = null;
    let parsed = true;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (response.ok) {
      if (!parsed) {
        throw new LatchkeyError(ErrorCodes.InvalidResponse, `The frontend API answered ${call.path} with non-JSON.`, {
          status: response.status,
        });
      }
      return json;
    }

    const errors = parseErrors(json);
    if (
      mayRecreate &&
      call.path !== '/dev_browser' &&
      response.status === 401 &&
      errors.some((e) => e.code === 'dev_browser_unauthenticated') &&
      (await this.hooks.recreateDevBrowser(devBrowser))
    ) {
      return this.send(call, attempt, false);
    }
    const traceId = (json as { clerk_trace_id?: unknown } | null)?.clerk_trace_id;
    const details = {
      status: response.status,
      errors,
      ...(typeof traceId === 'string' ? { traceId } : {}),
    };
    const first = errors[0]?.message ?? response.statusText;
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    const transient = { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    if (response.status === 429) {
      throw new LatchkeyError(ErrorCodes.RateLimited, `Rate limited by the frontend API (${call.path}).`, transient);
    }
    if (response.status >= 500) {
      throw new LatchkeyError(ErrorCodes.Server, `The frontend API failed (${response.status}) on ${call.path}.`, transient);
    }
    throw new LatchkeyError(ErrorCodes.RequestRejected, `The frontend API refused ${call.path}: ${first}`, details);
  }
}
