import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isExpiredTokenReason, readAuthReason } from '../src/index.js';
import { API_ORIGIN, claims, useFakeClock, world } from './support/harness.js';

beforeEach(useFakeClock);
afterEach(() => vi.useRealTimers());

const unauthorized = (reason: string): Response =>
  new Response('', { status: 401, headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${reason}"` } });
const bearer = (r: Request | undefined): string | null => r?.headers.get('Authorization') ?? null;

describe('latchkey.fetch', () => {
  it('fetch_SignedIn_AddsBearerToken', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const response = await latchkey.fetch(`${API_ORIGIN}/api/me`);
    expect(response.status).toBe(200);
    expect(bearer(w.api.requests[0])).toBe(`Bearer ${await latchkey.getToken()}`);
  });

  it.each(['token-expired', 'session-token-expired-refresh-non-eligible-no-refresh-cookie'])(
    'fetch_401WithExpiredReason_%s_RetriesOnceWithAFreshToken',
    async (reason) => {
      const w = world();
      const { latchkey } = await w.signedIn();
      let calls = 0;
      w.api.handler = () => (++calls === 1 ? unauthorized(reason) : new Response('ok'));

      const response = await latchkey.fetch(`${API_ORIGIN}/api/me`, { method: 'POST', body: JSON.stringify({ a: 1 }) });

      expect(response.status).toBe(200);
      expect(w.api.requests).toHaveLength(2);
      const [first, second] = w.api.requests;
      expect(bearer(second)).not.toBe(bearer(first));
      expect(claims(bearer(second)?.slice(7))['sid']).toBe(latchkey.session?.id);
      expect(await second?.text()).toBe('{"a":1}');
    },
  );

  it('fetch_401ExpiredTwice_RetriesOnlyOnce', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.api.handler = () => unauthorized('token-expired');
    const response = await latchkey.fetch(`${API_ORIGIN}/api/me`);
    expect(response.status).toBe(401);
    expect(w.api.requests).toHaveLength(2);
  });

  it.each([
    ['401 other reason', () => unauthorized('token-invalid-signature')],
    ['401 without header', () => new Response('', { status: 401 })],
    ['403', () => new Response('', { status: 403, headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope"' } })],
  ])('fetch_%s_ReturnedUntouched', async (_name, answer) => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.api.handler = answer;
    const response = await latchkey.fetch(`${API_ORIGIN}/api/me`);
    expect(response.status).toBe(answer().status);
    expect(w.api.requests).toHaveLength(1);
  });

  it('fetch_SignedOut_SentWithoutAuthorizationAndNotRetried', async () => {
    const w = world();
    const latchkey = await w.latchkey(w.tab()).load();
    w.api.handler = () => unauthorized('session-token-and-uat-missing');
    const response = await latchkey.fetch(`${API_ORIGIN}/api/me`);
    expect(readAuthReason(response)).toBe('session-token-and-uat-missing');
    expect(w.api.requests).toHaveLength(1);
    expect(bearer(w.api.requests[0])).toBeNull();
  });

  it('fetch_CallerSetsAuthorization_SentAsIs', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    await latchkey.fetch(`${API_ORIGIN}/api/me`, { headers: { Authorization: 'Bearer mine' } });
    expect(bearer(w.api.requests[0])).toBe('Bearer mine');
  });

  it('fetch_RequestObject_KeepsMethodHeadersAndBody', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    await latchkey.fetch(new Request(`${API_ORIGIN}/api/items`, { method: 'PUT', headers: { 'X-Trace': '7' }, body: 'x' }));
    const sent = w.api.requests[0];
    expect(sent?.method).toBe('PUT');
    expect(sent?.headers.get('X-Trace')).toBe('7');
    expect(await sent?.text()).toBe('x');
    expect(bearer(sent)).toMatch(/^Bearer /);
  });
});

describe('reason helpers', () => {
  it('readAuthReason_WwwAuthenticateThenDebugHeader', () => {
    expect(readAuthReason(unauthorized('token-expired'))).toBe('token-expired');
    expect(readAuthReason(new Response('', { headers: { 'x-clerk-auth-reason': 'dev-browser-missing' } }))).toBe('dev-browser-missing');
    expect(readAuthReason(new Response(''))).toBeNull();
  });

  it('isExpiredTokenReason_OnlyExpiryReasons', () => {
    expect(isExpiredTokenReason('token-expired')).toBe(true);
    expect(isExpiredTokenReason('session-token-expired-refresh-non-eligible-non-get')).toBe(true);
    expect(isExpiredTokenReason('token-invalid')).toBe(false);
    expect(isExpiredTokenReason('session-token-iat-before-client-uat')).toBe(false);
    expect(isExpiredTokenReason(null)).toBe(false);
  });
});
