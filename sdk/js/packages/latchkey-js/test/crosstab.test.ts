import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieSuffix } from '../src/index.js';
import { DEV_KEY, claims, settle, useFakeClock, world } from './support/harness.js';

beforeEach(useFakeClock);
afterEach(() => vi.useRealTimers());

const mints = (w: ReturnType<typeof world>): number => w.fapi.countRequests('POST', /\/tokens/);

async function twoTabs(options: { locks?: boolean; lifetime?: number } = {}) {
  const w = world();
  if (options.lifetime) w.fapi.tokenLifetime = options.lifetime;
  const tabOptions = options.locks === false ? { locks: false } : {};
  const a = await w.signedIn({ tab: w.tab(undefined, tabOptions) });
  const tabB = w.tab(undefined, tabOptions);
  tabB.blur();
  const b = { tab: tabB, latchkey: await w.latchkey(tabB).load() };
  await settle();
  return { w, a, b };
}

describe('cross-tab sharing', () => {
  it('crossTab_TokenMintedInOneTab_OtherTabServesItWithoutMinting', async () => {
    const { w, a, b } = await twoTabs();
    expect(b.latchkey.session?.id).toBe(a.latchkey.session?.id);
    await vi.advanceTimersByTimeAsync(1_000);
    const fresh = await a.latchkey.getToken({ skipCache: true });
    await settle();
    const before = mints(w);
    expect(await b.latchkey.getToken()).toBe(fresh);
    expect(mints(w)).toBe(before);
  });

  it('crossTab_BackgroundRefresh_OneMintPerCycleForTwoTabs', async () => {
    const { w, a, b } = await twoTabs();
    w.fapi.mintDelayMs = 300; // both tabs' timers fire while the first mint is in flight
    const before = mints(w);
    await vi.advanceTimersByTimeAsync(135_000); // three refresh cycles (43.2 s + 0.3 s each)
    expect(mints(w) - before).toBe(3);
    expect(await a.latchkey.getToken()).toBe(await b.latchkey.getToken());
    expect(w.browser.locks.contended).toBeGreaterThan(0);
  });

  it('crossTab_WithoutWebLocks_TokensStayFreshInBothTabs', async () => {
    const { w, a, b } = await twoTabs({ locks: false, lifetime: 10 });
    for (let i = 0; i < 30; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      for (const tab of [a, b]) {
        const token = await tab.latchkey.getToken();
        expect((claims(token)['exp'] as number) * 1000).toBeGreaterThan(Date.now());
      }
    }
    expect(mints(w)).toBeLessThan(30);
  });

  it('crossTab_SignOutInOneTab_OtherTabSignsOut', async () => {
    const { w, a, b } = await twoTabs();
    const states: boolean[] = [];
    b.latchkey.addListener((s) => states.push(s.isSignedIn));

    await a.latchkey.signOut();
    await settle();

    expect(b.latchkey.isSignedIn).toBe(false);
    expect(states.at(-1)).toBe(false);
    expect(await b.latchkey.getToken()).toBeNull();
    expect(w.browser.cookies.get('__session', b.tab.url)).toBeUndefined();
    expect(w.browser.channels.posted).toContainEqual({ type: 'signout', sessionIds: [a.latchkey.session?.id ?? expect.any(String)] });
  });

  it('crossTab_ForgedMessages_UnknownSessionOrMismatchedSid_Ignored', async () => {
    const { b } = await twoTabs();
    const own = await b.latchkey.getToken();
    const sid = b.latchkey.session?.id as string;
    const forge = (claimSid: string): string => {
      const payload = { ...claims(own), sid: claimSid, iat: Math.floor(Date.now() / 1000) + 5, exp: Math.floor(Date.now() / 1000) + 65 };
      return `${own?.split('.')[0]}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.x`;
    };
    const channel = b.tab.browser.channels.open(`latchkey:${await cookieSuffix(DEV_KEY)}`);
    channel.postMessage({ type: 'token', sessionId: 'sess_unknown', template: null, orgId: null, raw: forge('sess_unknown'), receivedAt: Date.now() });
    channel.postMessage({ type: 'token', sessionId: sid, template: null, orgId: null, raw: forge('sess_other'), receivedAt: Date.now() });
    channel.postMessage({ type: 'token', sessionId: sid, template: null, orgId: null, raw: 'not-a-jwt', receivedAt: Date.now() });
    await settle();
    expect(await b.latchkey.getToken()).toBe(own);
    channel.postMessage({ type: 'token', sessionId: sid, template: null, orgId: null, raw: forge(sid), receivedAt: Date.now() });
    await settle();
    expect(await b.latchkey.getToken()).toBe(forge(sid));
  });
});

describe('session cookie write guards (protocol §9.7)', () => {
  it('writeGuard_UnfocusedTabsOfAnotherContext_DoNotOverwrite', async () => {
    const { w, a, b } = await twoTabs();
    a.tab.blur();
    w.browser.cookies.write('clerk_active_context=sess_other:org_9; Path=/', b.tab.url);
    const before = w.browser.cookies.get('__session', b.tab.url)?.value;

    await vi.advanceTimersByTimeAsync(1_000);
    await b.latchkey.getToken({ skipCache: true });
    expect(w.browser.cookies.get('__session', b.tab.url)?.value).toBe(before);

    b.tab.focus();
    await settle();
    expect(w.browser.cookies.get('__session', b.tab.url)?.value).toBe(await b.latchkey.getToken());
    expect(w.browser.cookies.get('clerk_active_context', b.tab.url)?.value).toBe(`${b.latchkey.session?.id}:`);
  });

  it('writeGuard_CookieHoldsAFresherTokenOfTheSameSession_NotReplacedByAnOlderOne', async () => {
    const w = world();
    const a = await w.signedIn();
    const tabB = w.tab(undefined, { channels: false });
    const b = await w.latchkey(tabB).load();
    const older = await b.getToken();
    await vi.advanceTimersByTimeAsync(2_000);
    const fresher = await a.latchkey.getToken({ skipCache: true });
    expect(w.browser.cookies.get('__session', tabB.url)?.value).toBe(fresher);

    tabB.focus(); // B still caches the older token
    await settle();

    expect(await b.getToken()).toBe(older);
    expect(w.browser.cookies.get('__session', tabB.url)?.value).toBe(fresher);
  });
});
