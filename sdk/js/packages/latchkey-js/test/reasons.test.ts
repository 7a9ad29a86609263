import { describe, expect, it } from 'vitest';
import { AuthReasons, AuthStatus, ErrorCodes, RefreshReasons, TokenCarrier, TokenReasons } from '../src/index.js';
import * as reasonsEntry from '../src/reasons.js';

// The wire strings of protocol §4.2, §5.7, §5.10 and §5.11, written out: the catalogue must
// match them (and the .NET catalogue, which is checked against the same protocol lists).
const PROTOCOL_TOKEN_REASONS = [
  'token-expired', 'token-invalid', 'token-invalid-algorithm', 'token-invalid-authorized-parties',
  'token-invalid-issuer', 'token-invalid-signature', 'token-not-active-yet', 'token-iat-in-the-future',
  'token-verification-failed', 'secret-key-invalid', 'jwk-local-missing', 'jwk-remote-failed-to-load',
  'jwk-remote-invalid', 'jwk-remote-missing', 'jwk-failed-to-resolve', 'jwk-kid-mismatch', 'unexpected-error',
];
const PROTOCOL_AUTH_REASONS = [
  'client-uat-but-no-session-token', 'dev-browser-missing', 'dev-browser-sync', 'primary-responds-to-syncing',
  'primary-domain-cross-origin-sync', 'satellite-needs-syncing', 'session-token-and-uat-missing',
  'session-token-missing', 'session-token-expired', 'session-token-iat-before-client-uat', 'session-token-nbf',
  'session-token-iat-in-the-future', 'session-token-but-no-client-uat', 'active-organization-mismatch',
  'token-type-mismatch', 'unexpected-error', 'No token in header',
];
const PROTOCOL_REFRESH_REASONS = [
  'non-eligible-no-refresh-cookie', 'non-eligible-non-get', 'invalid-session-token', 'missing-api-client',
  'missing-session-token', 'missing-refresh-token', 'expired-session-token-decode-failed',
  'expired-session-token-missing-sid-claim', 'fetch-error', 'unexpected-sdk-error', 'unexpected-bapi-error',
];

describe('reason-code catalogue', () => {
  it('TokenReasons_ExactlyTheProtocolStrings', () => {
    expect(Object.values(TokenReasons).sort()).toEqual([...PROTOCOL_TOKEN_REASONS].sort());
  });

  it('AuthReasons_ExactlyTheProtocolStrings', () => {
    expect(Object.values(AuthReasons).sort()).toEqual([...PROTOCOL_AUTH_REASONS].sort());
  });

  it('RefreshReasons_ExactlyTheProtocolStrings', () => {
    expect(Object.values(RefreshReasons).sort()).toEqual([...PROTOCOL_REFRESH_REASONS].sort());
  });

  it('AuthStatusAndCarrier_WireValues', () => {
    expect(Object.values(AuthStatus)).toEqual(['signed-in', 'signed-out', 'handshake']);
    expect(Object.values(TokenCarrier)).toEqual(['header', 'cookie']);
  });

  it('ErrorCodes_UniqueKebabCase', () => {
    const codes = Object.values(ErrorCodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('ReasonsSubpath_ExportsTheCatalogueAndHelpers', () => {
    expect(Object.keys(reasonsEntry).sort()).toEqual(
      ['AuthHeaders', 'AuthReasons', 'AuthStatus', 'RefreshReasons', 'TokenCarrier', 'TokenReasons', 'isExpiredTokenReason', 'readAuthReason'].sort(),
    );
  });
});
