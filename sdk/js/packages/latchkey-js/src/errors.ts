/**
 * Stable error codes of {@link LatchkeyError}. Code that handles errors switches on these,
 * never on the English message.
 */
export const ErrorCodes = {
  /** The browser reports it is offline and the retries ran out. */
  Offline: 'offline',
  /** The request failed at the network level (DNS, TLS, CORS, timeout) and the retries ran out. */
  Network: 'network',
  /** The frontend API answered 5xx on every try. */
  Server: 'server',
  /** The frontend API answered 429 on every try; `retryAfterMs` says when to try again. */
  RateLimited: 'rate-limited',
  /** The session ended (signed out here, in another tab, or revoked) while the call ran. */
  SignedOut: 'signed-out',
  /** `getToken({ template })` named a JWT template the instance does not have. */
  TemplateNotFound: 'template-not-found',
  /** The frontend API refused the request (4xx); `errors` carries its snake_case codes. */
  RequestRejected: 'request-rejected',
  /** The frontend API answered something that is not the protocol's shape. */
  InvalidResponse: 'invalid-response',
  /** The publishable key is not `pk_test_…`/`pk_live_…` of a frontend API host. */
  InvalidPublishableKey: 'invalid-publishable-key',
  /** A method that needs the client was called before `load()` finished. */
  NotLoaded: 'not-loaded',
  /** A development instance could not create its dev browser (`POST /v1/dev_browser`). */
  DevBrowserFailed: 'dev-browser-failed',
} as const;

/** One of the {@link ErrorCodes} strings. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** One entry of the frontend API's error envelope (`errors[]`), keys in camelCase. */
export interface FapiError {
  /** Snake_case error code, e.g. `form_password_incorrect`. */
  readonly code: string;
  /** Short English message. */
  readonly message: string;
  /** Longer English message, when the server gave one. */
  readonly longMessage?: string;
  /** Extra facts such as `param_name`, when the server gave them. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Details attached to a {@link LatchkeyError}. */
export interface LatchkeyErrorDetails {
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  /** How long the server asked to wait (from `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** The server's error entries. */
  errors?: readonly FapiError[];
  /** The server's `clerk_trace_id`, for support. */
  traceId?: string;
  /** The underlying error (e.g. the `TypeError` of a failed fetch). */
  cause?: unknown;
}

/**
 * The one error type the SDK throws. `code` is stable; `errors` carries the frontend API's
 * own codes when it refused a request.
 *
 * @example
 * ```ts
 * try { await latchkey.getToken(); }
 * catch (e) { if (isLatchkeyError(e, 'offline')) showOfflineBanner(); else throw e; }
 * ```
 */
export class LatchkeyError extends Error {
  /** The stable error code. */
  readonly code: ErrorCode;
  /** HTTP status of the last answer, if any. */
  readonly status: number | undefined;
  /** Server-requested wait before retrying, in milliseconds, if any. */
  readonly retryAfterMs: number | undefined;
  /** The frontend API's error entries (empty when there was no envelope). */
  readonly errors: readonly FapiError[];
  /** The frontend API's trace id, if any. */
  readonly traceId: string | undefined;

  /**
   * @param code - stable error code
   * @param message - English description for logs
   * @param details - status, retry delay, server errors, cause
   */
  constructor(code: ErrorCode, message: string, details: LatchkeyErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LatchkeyError';
    this.code = code;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
    this.errors = details.errors ?? [];
    this.traceId = details.traceId;
  }
}

/**
 * Tells whether `value` is a {@link LatchkeyError}, optionally of the given code.
 * @param value - anything caught
 * @param code - the code to match; any code when omitted
 */
export function isLatchkeyError(value: unknown, code?: ErrorCode): value is LatchkeyError {
  return value instanceof LatchkeyError && (code === undefined || value.code === code);
}
