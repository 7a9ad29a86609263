import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isLatchkeyError, type Latchkey, type LatchkeyError } from '../src/index.js';
import { claims, settle, useFakeClock, world } from './support/harness.js';

beforeEach(useFakeClock);
afterEach(() => vi.useRealTimers());

const mints = (w: ReturnType<typeof world>): number => w.fapi.countRequests('POST', /\/tokens/);

describe('getToken cache and de-duplication', () => {
  it('getToken_FreshCachedToken_NoRequest', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const before = mints(w);
    const a = await latchkey.getToken();
    await vi.advanceTimersByTimeAsync(10_000);
    const b = await latchkey.getToken();
    expect(b).toBe(a);
    expect(mints(w)).toBe(before);
  });

  it('getToken_ConcurrentCallsNeedingAMint_ShareOneRequest', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const before = mints(w);
    const results = await Promise.all(Array.from({ length: 5 }, () => latchkey.getToken({ organizationId: 'org_other' })));
    expect(new Set(results).size).toBe(1);
    expect(mints(w)).toBe(before + 1);
  });

  it('getToken_ConcurrentSkipCache_ShareOneRequest', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const before = mints(w);
    const [a, b] = await Promise.all([latchkey.getToken({ skipCache: true }), latchkey.getToken({ skipCache: true })]);
    expect(a).toBe(b);
    expect(mints(w)).toBe(before + 1);
  });

  it('getToken_CacheKey_SeparatesOrganizationsAndTemplates', async () => {
    const w = world();
    w.fapi.templates.add('hasura');
    const { latchkey } = await w.signedIn();
    const own = await latchkey.getToken();
    const org = await latchkey.getToken({ organizationId: 'org_1' });
    const tpl = await latchkey.getToken({ template: 'hasura' });
    expect(new Set([own, org, tpl]).size).toBe(3);
    const before = mints(w);
    expect(await latchkey.getToken({ organizationId: 'org_1' })).toBe(org);
    expect(await latchkey.getToken({ template: 'hasura' })).toBe(tpl);
    expect(mints(w)).toBe(before);
    expect(w.fapi.requests.some((r) => r.path.endsWith('/tokens/hasura'))).toBe(true);
  });

  it('getToken_UnknownTemplateAnswered422_TemplateNotFound', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens\/missing$/, { status: 422, body: { errors: [{ code: 'template_not_found', message: 'no such template' }] } });
    const error = (await latchkey.getToken({ template: 'missing' }).catch((e: unknown) => e)) as LatchkeyError;
    expect(isLatchkeyError(error, 'template-not-found')).toBe(true);
    expect(error.errors[0]?.code).toBe('template_not_found');
  });

  it('getToken_UnknownTemplate_TemplateNotFound', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const error = (await latchkey.getToken({ template: 'missing' }).catch((e: unknown) => e)) as LatchkeyError;
    expect(isLatchkeyError(error, 'template-not-found')).toBe(true);
    expect(error.status).toBe(404);
    expect(latchkey.isSignedIn).toBe(true);
  });
});

describe('refresh timing', () => {
  it('backgroundRefresh_60sToken_At72PercentOfLifetime', async () => {
    // 72 % of 60 s counted from a second before the mint request (iat is whole seconds): 42.2 s.
    const w = world();
    const { latchkey } = await w.signedIn();
    const first = await latchkey.getToken();
    const before = mints(w);

    await vi.advanceTimersByTimeAsync(42_000);
    expect(mints(w)).toBe(before);
    await vi.advanceTimersByTimeAsync(400);
    expect(mints(w)).toBe(before + 1);
    const second = await latchkey.getToken();
    expect(second).not.toBe(first);
    expect(claims(second)['iat']).toBe(claims(first)['iat'] as number + 42);
  });

  it('backgroundRefresh_10sToken_TimingsScaleWithLifetime', async () => {
    const w = world();
    w.fapi.tokenLifetime = 10;
    const { latchkey } = await w.signedIn();
    const before = mints(w);
    await vi.advanceTimersByTimeAsync(6_100); // 72 % of 10 s, less the second of iat precision: 6.2 s
    expect(mints(w)).toBe(before);
    await vi.advanceTimersByTimeAsync(200);
    expect(mints(w)).toBe(before + 1);
    expect(latchkey.isSignedIn).toBe(true);
  });

  it('backgroundRefresh_WhileInFlight_CallersKeepTheValidCachedToken', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const first = await latchkey.getToken();
    w.fapi.mintDelayMs = 2_000;
    await vi.advanceTimersByTimeAsync(43_500); // refresh started, answer pending
    expect(await latchkey.getToken()).toBe(first);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await latchkey.getToken()).not.toBe(first);
  });

  it('poller_ShortLifetimeOverManyLifetimes_CookieNeverHoldsAnExpiredToken', async () => {
    const w = world();
    w.fapi.tokenLifetime = 5;
    const { tab } = await w.signedIn();
    for (let t = 0; t < 60_000; t += 100) {
      await vi.advanceTimersByTimeAsync(100);
      const token = w.browser.cookies.get('__session', tab.url)?.value;
      expect((claims(token)['exp'] as number) * 1000).toBeGreaterThan(Date.now());
    }
  });

  it('getToken_TokenIssuedLateInItsSecond_NeverHandedOutAtOrPastExp', async () => {
    // iat and exp are whole seconds: a token minted at hh:mm:ss.950 says iat = ss, so it lives
    // 950 ms less than exp − iat. Counted from its arrival, a 5 s token whose refresh fails
    // would be handed out until ~0.45 s past its exp.
    const w = world();
    w.fapi.tokenLifetime = 5;
    const { latchkey } = await w.signedIn();
    w.fapi.mintDelayMs = 50;
    vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000 + 900);
    const first = latchkey.getToken({ skipCache: true });
    await vi.advanceTimersByTimeAsync(50);
    const exp = (claims(await first)['exp'] as number) * 1000;
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 100 }, () => ({ status: 503 })));

    const handedOut: Array<{ at: number; exp: number }> = [];
    for (let t = 0; t < 8_000; t += 100) {
      latchkey.getToken().then(
        (token) => handedOut.push({ at: Date.now(), exp: (claims(token)['exp'] as number) * 1000 }),
        () => undefined, // the refresh keeps failing: an error is the right answer then
      );
      await vi.advanceTimersByTimeAsync(100);
    }

    expect(handedOut.length).toBeGreaterThan(0);
    expect(handedOut.filter((h) => h.exp === exp).length).toBeGreaterThan(0);
    expect(handedOut.filter((h) => h.at >= h.exp)).toEqual([]);
  });

  it('getToken_AfterSleepWithoutTimers_NeverReturnsTheExpiredToken', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const old = await latchkey.getToken();
    vi.setSystemTime(Date.now() + 10 * 60_000); // the machine slept: no timer ran
    const fresh = await latchkey.getToken();
    expect(fresh).not.toBe(old);
    expect((claims(fresh)['exp'] as number) * 1000).toBeGreaterThan(Date.now());
  });

  it.each(['focus', 'visible', 'online'] as const)('wake_%s_AfterSleep_RefreshesTheCookieWithoutACaller', async (event) => {
    const w = world();
    const { tab } = await w.signedIn();
    tab.blur();
    if (event === 'visible') tab.hide();
    if (event === 'online') tab.goOffline();
    vi.setSystemTime(Date.now() + 10 * 60_000);

    if (event === 'focus') tab.focus();
    else if (event === 'visible') tab.show();
    else tab.goOnline();
    await settle();

    const cookie = w.browser.cookies.get('__session', tab.url)?.value;
    expect((claims(cookie)['exp'] as number) * 1000).toBeGreaterThan(Date.now());
  });
});

describe('retries and typed errors', () => {
  it('getToken_TwoNetworkFailures_RetriesWithBackoffAndSucceeds', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, 'network', 'network');
    const before = mints(w);
    const pending = latchkey.getToken({ skipCache: true });
    await vi.advanceTimersByTimeAsync(999);
    expect(mints(w)).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(mints(w)).toBe(before + 2);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(claims(await pending)['sid']).toBe(latchkey.session?.id);
    expect(mints(w)).toBe(before + 3);
  });

  it('getToken_429WithRetryAfter_WaitsThatLongThenSucceeds', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, { status: 429, headers: { 'Retry-After': '7' } });
    const before = mints(w);
    const pending = latchkey.getToken({ skipCache: true });
    await vi.advanceTimersByTimeAsync(6_900);
    expect(mints(w)).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toBeTruthy();
    expect(mints(w)).toBe(before + 2);
  });

  it('getToken_Always429_RateLimitedWithRetryAfter', async () => {
    const w = world();
    const { latchkey } = await w.signedIn({ latchkey: { retry: { retries: 2 } } });
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 3 }, () => ({ status: 429, headers: { 'Retry-After': '3' } })));
    const pending = latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(6_000);
    const error = (await pending) as LatchkeyError;
    expect(isLatchkeyError(error, 'rate-limited')).toBe(true);
    expect(error.retryAfterMs).toBe(3_000);
  });

  /**
   * Calls getToken while every one of the 7 tries fails, checks that nothing settles before the
   * last back-off (1 + 2 + 4 + 8 + 16 + 30 s) has run out, and returns what it settled to.
   */
  async function settleAfterAllRetries(latchkey: Latchkey): Promise<unknown> {
    let settled: unknown;
    const pending = latchkey.getToken({ skipCache: true }).then(
      (v) => (settled = v),
      (e: unknown) => (settled = e),
    );
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 + 8_000 + 16_000 + 29_000);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1_000);
    await pending;
    return settled;
  }

  it('getToken_Always503_ServerErrorAfterAllRetries', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 7 }, () => ({ status: 503 })));
    const before = mints(w);
    const settled = await settleAfterAllRetries(latchkey);
    expect(isLatchkeyError(settled, 'server')).toBe(true);
    expect(mints(w)).toBe(before + 7);
  });

  it('getToken_OnlineAndNoAnswerOnEveryTry_NetworkErrorAfterAllRetries', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 7 }, () => 'network' as const));
    const before = mints(w);
    const settled = await settleAfterAllRetries(latchkey);
    expect(tab.online).toBe(true);
    expect(isLatchkeyError(settled, 'network')).toBe(true);
    expect((settled as LatchkeyError).cause).toBeInstanceOf(TypeError);
    expect(mints(w)).toBe(before + 7);
  });

  it('getToken_AnswerIsNotAJwt_InvalidResponseWithoutRetry', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, { status: 200, body: { object: 'token', jwt: 'not-a-jwt' } });
    const before = mints(w);

    const error = await latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);

    expect(isLatchkeyError(error, 'invalid-response')).toBe(true);
    expect(mints(w)).toBe(before + 1);
  });

  it('getToken_AnswerIsNotJson_InvalidResponseWithStatusAndWithoutRetry', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    // What a misconfigured proxy in front of the frontend API might answer.
    w.fapi.fail(/\/tokens$/, { status: 200, headers: { 'content-type': 'text/html' }, text: '<html><body>Welcome</body></html>' });
    const before = mints(w);

    const error = await latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);

    expect(isLatchkeyError(error, 'invalid-response')).toBe(true);
    expect((error as LatchkeyError).status).toBe(200);
    expect(mints(w)).toBe(before + 1);
  });

  it('getToken_AnswerWithoutJwt_InvalidResponse', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    w.fapi.fail(/\/tokens$/, { status: 200, body: { object: 'token' } });

    const error = await latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);

    expect(isLatchkeyError(error, 'invalid-response')).toBe(true);
  });

  it('getToken_ExpiredCacheAndServerDown_ErrorNotTheExpiredToken', async () => {
    const w = world();
    const { latchkey } = await w.signedIn({ latchkey: { retry: { retries: 1 } } });
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 100 }, () => ({ status: 502 })));
    await vi.advanceTimersByTimeAsync(56_000); // background refreshes failed; token now unusable
    const pending = latchkey.getToken().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(isLatchkeyError(await pending, 'server')).toBe(true);
  });

  it('getToken_Offline_OfflineErrorAfterOfflineRetries', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    tab.goOffline();
    w.fapi.fail(/\/tokens$/, ...Array.from({ length: 4 }, () => 'network' as const));
    const pending = latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000);
    expect(isLatchkeyError(await pending, 'offline')).toBe(true);
  });

  it('getToken_OfflineThenOnline_RetriesAtOnceOnTheOnlineEvent', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    tab.goOffline();
    w.fapi.fail(/\/tokens$/, 'network');
    const pending = latchkey.getToken({ skipCache: true });
    await settle();
    tab.goOnline();
    await settle();
    expect(await pending).toBeTruthy();
  });

  it('getToken_SessionRevokedOnServer_SignedOutErrorThenNull', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    w.fapi.endSession(latchkey.session?.id as string);

    const error = await latchkey.getToken({ skipCache: true }).catch((e: unknown) => e);

    expect(isLatchkeyError(error, 'signed-out')).toBe(true);
    expect(latchkey.isSignedIn).toBe(false);
    expect(await latchkey.getToken()).toBeNull();
    expect(w.browser.cookies.get('__session', tab.url)).toBeUndefined();
  });

  it('getToken_ViaSessionObject_SameCache', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    expect(await latchkey.session?.getToken()).toBe(await latchkey.getToken());
  });
});
