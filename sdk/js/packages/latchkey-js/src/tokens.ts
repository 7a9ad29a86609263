import { ErrorCodes, LatchkeyError } from './errors.js';
import { decodeJwt, isFresher, type DecodedJwt } from './jwt.js';
import type { LockManagerLike } from './platform.js';

/** How `getToken()` retries transient failures (network, offline, 5xx, 429). */
export interface RetryPolicy {
  /** Retries after the first try while online. Default 6. */
  retries: number;
  /** Retries while the browser says it is offline (each wait ends early on `online`). Default 3. */
  offlineRetries: number;
  /** First back-off delay, ms. Default 1000. */
  initialDelayMs: number;
  /** Back-off growth factor. Default 2. */
  factor: number;
  /** Longest back-off delay, ms. Default 30000. A `Retry-After` is honoured up to 300000. */
  maxDelayMs: number;
}

/** The default {@link RetryPolicy}: 1, 2, 4, 8, 16, 30 s, then the typed error. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, offlineRetries: 3, initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000 };
const MAX_RETRY_AFTER_MS = 300_000;

/**
 * A token with the local time its lifetime counts from; timings are relative to that, never to
 * the browser's reading of `iat` (a skewed browser clock does not matter).
 */
export interface CachedToken {
  readonly jwt: DecodedJwt;
  /**
   * Local clock (ms) from which `lifetimeMs` counts: when the mint request was sent, less
   * {@link IAT_PRECISION_MS}. The server issued the token after the request left, but `iat` is
   * whole seconds, so the token's real remaining life at issue is `exp − iat` minus up to a
   * second; counted from here it surely lasts `lifetimeMs`.
   */
  readonly receivedAt: number;
  /** `exp − iat`, in ms. */
  readonly lifetimeMs: number;
}

/** `iat` and `exp` are whole seconds: a token may be issued up to this long after its `iat`. */
export const IAT_PRECISION_MS = 1000;
/** Fraction of the lifetime after which a token is refreshed in the background. */
export const STALE_FRACTION = 0.72;
/** Fraction of a 60 s lifetime, ~5 s, kept as margin so no token is used right at `exp`. */
const marginMs = (lifetimeMs: number): number => Math.min(5000, lifetimeMs * 0.1);
/** Background refresh starts here (43.2 s into a 60 s token). */
export const staleAt = (t: CachedToken): number => t.receivedAt + t.lifetimeMs * STALE_FRACTION;
/** No caller gets the token after this (55 s into a 60 s token). */
export const unusableAt = (t: CachedToken): number => t.receivedAt + t.lifetimeMs - marginMs(t.lifetimeMs);
/** Poll interval for a lifetime: a twelfth of it, between 0.5 s and 5 s. */
export const pollIntervalMs = (lifetimeMs: number): number => Math.min(5000, Math.max(500, lifetimeMs / 12));

/** Cache key of protocol §9.6: session, then template, then organization. */
export const tokenKey = (sessionId: string, template: string | undefined, orgId: string | null): string =>
  [sessionId, template ?? '', orgId ?? ''].join('|');

/** What to mint. */
export interface MintRequest {
  readonly sessionId: string;
  readonly template: string | undefined;
  readonly orgId: string | null;
  readonly skipCache: boolean;
  /** The last token of this key, for instances with the session minter. */
  readonly previous: string | undefined;
}

/** The cross-tab message that shares a minted token (protocol §9.7). */
export interface TokenMessage {
  readonly type: 'token';
  readonly sessionId: string;
  readonly template: string | null;
  readonly orgId: string | null;
  readonly raw: string;
  readonly receivedAt: number;
}

interface Entry {
  readonly key: string;
  readonly request: Omit<MintRequest, 'skipCache' | 'previous'>;
  token?: CachedToken;
  pending?: Promise<CachedToken>;
  pendingForced?: boolean;
  readSinceStore?: boolean;
  timer?: ReturnType<typeof setTimeout>;
  waiters: (() => void)[];
}

/** What the cache needs from the SDK. */
export interface TokenManagerDeps {
  mint(request: MintRequest): Promise<string>;
  /** Called for every token stored (minted here or received from another tab). */
  onToken(request: Omit<MintRequest, 'skipCache' | 'previous'>, token: CachedToken): void;
  /** Whether a token is the one that backs the `__session` cookie (kept fresh forever). */
  isPrimary(key: string): boolean;
  /** Whether this tab knows the session (tokens of unknown sessions from other tabs are dropped). */
  knowsSession(sessionId: string): boolean;
  post(message: TokenMessage): void;
  locks(): LockManagerLike | undefined;
  isOnline(): boolean;
  /** Resolves at the next `online` event. */
  nextOnline(): Promise<void>;
  readonly retry: RetryPolicy;
  /** The Web Lock name of a cache key. */
  lockName(key: string): string;
  readonly lockTimeoutMs: number;
}

const retryable = (e: unknown): e is LatchkeyError =>
  e instanceof LatchkeyError &&
  (e.code === ErrorCodes.Network ||
    e.code === ErrorCodes.Offline ||
    e.code === ErrorCodes.Server ||
    e.code === ErrorCodes.RateLimited);

/**
 * The per-tab token cache (protocol §9.6) with the cross-tab parts of §9.7: one promise per
 * key shared by concurrent callers, background refresh at 72 % of the token's own lifetime,
 * single flight across tabs under a Web Lock, and tokens shared through a channel.
 */
export class TokenManager {
  private entries = new Map<string, Entry>();

  constructor(private readonly deps: TokenManagerDeps) {}

  /** The cached token of a key, fresh or not. */
  peek(key: string): CachedToken | undefined {
    return this.entries.get(key)?.token;
  }

  /** A usable token for the request: cached, joined in flight, or minted (with retries). */
  async get(request: Omit<MintRequest, 'previous'>, retry?: Partial<RetryPolicy>): Promise<string> {
    const key = tokenKey(request.sessionId, request.template, request.orgId);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, request: { sessionId: request.sessionId, template: request.template, orgId: request.orgId }, waiters: [] };
      this.entries.set(key, entry);
    }
    const now = Date.now();
    if (!request.skipCache) {
      const token = entry.token;
      if (token && now < unusableAt(token)) {
        entry.readSinceStore = true;
        if (now >= staleAt(token)) this.refreshInBackground(entry);
        return token.jwt.raw;
      }
      if (entry.pending) return (await entry.pending).jwt.raw;
    } else if (entry.pending && entry.pendingForced) {
      return (await entry.pending).jwt.raw;
    }
    return (await this.start(entry, request.skipCache, retry)).jwt.raw;
  }

  /** Drops cached tokens: of the given sessions, or all. Pending mints are not stored. */
  clear(sessionIds?: readonly string[]): void {
    for (const [key, entry] of this.entries) {
      if (sessionIds && !sessionIds.includes(entry.request.sessionId)) continue;
      clearTimeout(entry.timer);
      entry.waiters.splice(0).forEach((w) => w());
      this.entries.delete(key);
    }
  }

  /** Takes a token another tab minted, unless this tab's own is as fresh (protocol §9.7). */
  receive(message: TokenMessage): void {
    const jwt = decodeJwt(message.raw);
    if (!jwt || typeof message.sessionId !== 'string' || !this.deps.knowsSession(message.sessionId)) return;
    if (jwt.claims.sid !== undefined && jwt.claims.sid !== message.sessionId) return;
    const key = tokenKey(message.sessionId, message.template ?? undefined, message.orgId ?? null);
    let entry = this.entries.get(key);
    if (entry?.token && !isFresher(jwt, entry.token.jwt)) return;
    if (!entry) {
      entry = {
        key,
        request: { sessionId: message.sessionId, template: message.template ?? undefined, orgId: message.orgId ?? null },
        waiters: [],
      };
      this.entries.set(key, entry);
    }
    const lifetimeMs = (jwt.claims.exp - jwt.claims.iat) * 1000;
    const now = Date.now();
    const receivedAt = Math.min(now, Math.max(now - lifetimeMs, Number(message.receivedAt) || now));
    this.store(entry, { jwt, receivedAt, lifetimeMs });
  }

  /**
   * Takes a token the frontend API sent with another answer (`last_active_token` of a session
   * that answer activated), unless the cache holds one as fresh. `sentAt` is when that request
   * left: its lifetime counts from there, as a minted token's does.
   */
  adopt(sessionId: string, orgId: string | null, raw: string, sentAt: number): void {
    this.receive({ type: 'token', sessionId, template: null, orgId, raw, receivedAt: sentAt - IAT_PRECISION_MS });
  }

  private start(entry: Entry, forced: boolean, retry?: Partial<RetryPolicy>): Promise<CachedToken> {
    const pending: Promise<CachedToken> = this.withRetries(entry, forced, { ...this.deps.retry, ...retry }).finally(() => {
      if (entry.pending === pending) entry.pending = undefined;
    });
    entry.pending = pending;
    entry.pendingForced = forced;
    return pending;
  }

  private refreshInBackground(entry: Entry): void {
    if (entry.pending || this.entries.get(entry.key) !== entry) return;
    // A failed background refresh is not an error yet: the token is still usable, the
    // poller and the next caller try again, and a caller past `unusableAt` gets the error.
    this.start(entry, false).catch(() => undefined);
  }

  private async withRetries(entry: Entry, forced: boolean, policy: RetryPolicy): Promise<CachedToken> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.mintShared(entry, forced);
      } catch (error) {
        if (!retryable(error)) throw error;
        const offline = !this.deps.isOnline();
        if (attempt >= (offline ? policy.offlineRetries : policy.retries)) {
          if (offline && error.code !== ErrorCodes.Offline) {
            throw new LatchkeyError(ErrorCodes.Offline, 'The browser is offline.', { cause: error });
          }
          throw error;
        }
        const backoff = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** attempt);
        const delay = error.retryAfterMs !== undefined ? Math.min(MAX_RETRY_AFTER_MS, error.retryAfterMs) : backoff;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          if (offline) void this.deps.nextOnline().then(() => (clearTimeout(timer), resolve()));
        });
        if (this.entries.get(entry.key) !== entry) {
          throw new LatchkeyError(ErrorCodes.SignedOut, 'The session was signed out while its token was being fetched.');
        }
      }
    }
  }

  /** One try, under the cross-tab lock of this key: reuse what another tab just minted, else mint. */
  private mintShared(entry: Entry, forced: boolean): Promise<CachedToken> {
    return this.withLock(this.deps.lockName(entry.key), async (contended) => {
      if (!forced) {
        const fresh = (): CachedToken | undefined => {
          const t = entry.token;
          return t && Date.now() < staleAt(t) ? t : undefined;
        };
        // The lock was held: another tab was minting. Its broadcast may trail the lock release.
        if (contended && !fresh()) await this.waitForToken(entry, 150);
        const t = fresh();
        if (t) return t;
      }
      const sentAt = Date.now();
      const raw = await this.deps.mint({ ...entry.request, skipCache: forced, previous: entry.token?.jwt.raw });
      const jwt = decodeJwt(raw);
      if (!jwt) throw new LatchkeyError(ErrorCodes.InvalidResponse, 'The frontend API returned a token that is not a JWT.');
      const token: CachedToken = { jwt, receivedAt: sentAt - IAT_PRECISION_MS, lifetimeMs: (jwt.claims.exp - jwt.claims.iat) * 1000 };
      if (this.entries.get(entry.key) === entry) {
        this.store(entry, token);
        const { sessionId, template, orgId } = entry.request;
        this.deps.post({ type: 'token', sessionId, template: template ?? null, orgId, raw, receivedAt: token.receivedAt });
      }
      return token;
    });
  }

  private store(entry: Entry, token: CachedToken): void {
    entry.token = token;
    entry.readSinceStore = false;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      // The cookie's token is kept fresh forever; others only while someone still reads them.
      if (this.deps.isPrimary(entry.key) || entry.readSinceStore) this.refreshInBackground(entry);
    }, Math.max(0, staleAt(token) - Date.now()));
    entry.waiters.splice(0).forEach((w) => w());
    this.deps.onToken(entry.request, token);
  }

  private waitForToken(entry: Entry, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      entry.waiters.push(() => (clearTimeout(timer), resolve()));
    });
  }

  /**
   * Runs `work` under a Web Lock (`navigator.locks`). `contended` tells whether another tab
   * held it. A lock not granted within the timeout, or no Web Locks at all, runs unlocked:
   * then only this tab's own single flight applies.
   */
  private async withLock<T>(name: string, work: (contended: boolean) => Promise<T>): Promise<T> {
    const locks = this.deps.locks();
    if (!locks) return work(false);
    const busy = Symbol('busy');
    const first = await locks.request<T | typeof busy>(name, { ifAvailable: true }, (lock) => (lock ? work(false) : busy));
    if (first !== busy) return first as T;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.deps.lockTimeoutMs);
    let granted = false;
    try {
      return await locks.request(name, { signal: controller.signal }, () => {
        granted = true;
        clearTimeout(timer);
        return work(true);
      });
    } catch (error) {
      if (granted) throw error;
      return work(true);
    } finally {
      clearTimeout(timer);
    }
  }
}
