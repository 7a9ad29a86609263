/**
 * `@latchkey/js`: the Latchkey browser SDK.
 * @packageDocumentation
 */
export { Latchkey, type LatchkeyOptions } from './latchkey.js';
export type { LatchkeyState, LatchkeyListener } from './state.js';
export { Session, SessionStatus, type Client, type User, type EmailAddress, type OrganizationMembership, type GetTokenOptions } from './resources.js';
export type { SignInApi, SignInResult, SignUpApi, SignUpResult } from './flows.js';
export type { AuthState, HasParams } from './auth.js';
export { LatchkeyError, ErrorCodes, isLatchkeyError, type ErrorCode, type FapiError, type LatchkeyErrorDetails } from './errors.js';
export { DEFAULT_RETRY, type RetryPolicy } from './tokens.js';
export { parsePublishableKey, cookieSuffix, type PublishableKey, type InstanceType } from './keys.js';
export { decodeJwt, type DecodedJwt, type SessionClaims } from './jwt.js';
export {
  AuthStatus,
  AuthReasons,
  TokenReasons,
  RefreshReasons,
  TokenCarrier,
  AuthHeaders,
  readAuthReason,
  isExpiredTokenReason,
  type AuthReason,
  type TokenReason,
  type RefreshReason,
  type Reason,
} from './reasons.js';
export type { Platform, DocumentLike, WindowLike, LockManagerLike, ChannelLike, EventTargetLike } from './platform.js';
