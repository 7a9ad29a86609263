import type { BrowserContext, Page, Request } from '@playwright/test';
import { expect, test, type SharedDemo } from '../support/fixtures';
import { jwtClaims, press, reactPatterns, readResult, shownIdentity, signIn, whoAmI } from '../support/page';

// Issue 6: the token's life in real Chromium with a 5-second token: refreshed before expiry
// with no failed request, one refresh shared by two tabs, sign-out reaching the other tab, and
// a page navigation with an expired cookie going through the handshake.

const isMint = (request: Request): boolean => request.method() === 'POST' && /\/v1\/client\/sessions\/[^/]+\/tokens(\?|$)/.test(request.url());
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The `__session` cookie the page wrote for `url`, waiting up to 10 s for it to appear. */
async function sessionCookie(context: BrowserContext, url: string): Promise<string> {
  let value = '';
  await expect(async () => {
    value = (await context.cookies(url)).find((c) => c.name === '__session')?.value ?? '';
    expect(value, 'the page has written its __session cookie').not.toBe('');
  }).toPass({ timeout: 10_000, intervals: [50, 100, 250] });
  return value;
}

async function signedInContext(context: BrowserContext, demo: SharedDemo): Promise<Page> {
  const page = await context.newPage();
  await page.goto(demo.stack.web.url);
  await signIn(page, demo.email, demo.password);
  return page;
}

test('token_acrossThreeLifetimes_refreshedWithoutAFailedRequest', async ({ browser, demo }) => {
  const { stack, lifetime } = demo;
  const context = await browser.newContext();
  const page = await signedInContext(context, demo);
  const answers: Array<{ url: string; status: number; reason: string | null }> = [];
  const mints: number[] = [];
  page.on('request', (request) => {
    if (isMint(request)) mints.push(Date.now());
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/me') {
      answers.push({ url: response.url(), status: response.status(), reason: response.headers()['x-clerk-auth-reason'] ?? null });
    }
  });

  // Every pattern, again and again, for a little more than three lifetimes.
  const until = Date.now() + (3 * lifetime + 1) * 1000;
  const shownExpiries: number[] = [];
  while (Date.now() < until) {
    await page.getByTestId('call-all').click();
    shownExpiries.push(Number(await page.getByTestId('token').getAttribute('data-expires-in-ms')));
    await sleep(600);
  }
  // Let the last round settle.
  await expect(async () => {
    for (const pattern of reactPatterns) expect((await readResult(page, pattern)).state).toBe('done');
  }).toPass({ timeout: 10_000 });

  const failed = answers.filter((a) => a.status !== 200);
  expect(failed, 'every request of every pattern succeeded').toEqual([]);
  expect(answers.length).toBeGreaterThanOrEqual(6 * 15);
  expect(answers.some((a) => a.url.startsWith(stack.web.url))).toBe(true);
  expect(answers.some((a) => a.url.startsWith(stack.api.url))).toBe(true);
  // The token was replaced at least once per lifetime, before it expired.
  expect(mints.length).toBeGreaterThanOrEqual(3);
  expect(Math.min(...shownExpiries), 'the page never held an expired token').toBeGreaterThan(0);
  await context.close();
});

test('twoTabs_shareOneRefresh', async ({ browser, demo }) => {
  const { stack, lifetime } = demo;
  const context = await browser.newContext();
  const first = await signedInContext(context, demo);
  const second = await context.newPage();
  await second.goto(stack.web.url);
  await expect(second.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');
  await sleep(1000); // both tabs settled on the current token

  const mints: Array<{ at: number; tab: 'first' | 'second' }> = [];
  first.on('request', (r) => void (isMint(r) && mints.push({ at: Date.now(), tab: 'first' })));
  second.on('request', (r) => void (isMint(r) && mints.push({ at: Date.now(), tab: 'second' })));
  const windowMs = Math.round(2.6 * lifetime * 1000);
  await sleep(windowMs);

  // A refresh comes at 72 % of a lifetime counted from a second before the previous mint
  // (docs/browser-sdk.md, Refresh timing): every ~2.6 s for a 5 s token. Each refresh is minted
  // once, by whichever tab took the cross-tab lock; the other tab takes the broadcast token.
  // Two tabs refreshing on their own would mint about twice as often, in pairs.
  const period = (0.72 * lifetime - 1) * 1000;
  expect(mints.length).toBeGreaterThanOrEqual(2);
  expect(mints.length, JSON.stringify(mints)).toBeLessThanOrEqual(Math.ceil(windowMs / period) + 1);
  for (let i = 1; i < mints.length; i++) {
    const gap = (mints[i]?.at ?? 0) - (mints[i - 1]?.at ?? 0);
    expect(gap, `mints ${i - 1} and ${i} (${JSON.stringify(mints)}) belong to different refreshes`).toBeGreaterThan(1500);
  }
  // Both tabs hold the same, current token.
  await expect(async () => {
    const [a, b] = await Promise.all([first, second].map((p) => p.getByTestId('token').getAttribute('data-iat')));
    expect(a).toBe(b);
  }).toPass({ timeout: 3000 });
  const cookie = (await context.cookies(stack.web.url)).find((c) => c.name === '__session');
  expect(String(jwtClaims(cookie?.value ?? '').iat)).toBe(await first.getByTestId('token').getAttribute('data-iat'));
  await context.close();
});

test('signOutInOneTab_reachesTheOther', async ({ browser, demo }) => {
  const { stack } = demo;
  const context = await browser.newContext();
  const first = await signedInContext(context, demo);
  const second = await context.newPage();
  await second.goto(stack.web.url);
  await expect(second.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');

  await first.getByTestId('sign-out').click();

  await expect(second.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false', { timeout: 5000 });
  const sameOrigin = await press(second, 'same-fetch');
  const crossOrigin = await press(second, 'cross-fetch');
  expect([sameOrigin.status, sameOrigin.reason]).toEqual([401, 'session-token-and-uat-missing']);
  expect([crossOrigin.status, crossOrigin.reason]).toEqual([401, 'dev-browser-missing']);
  expect((await context.cookies(stack.web.url)).find((c) => c.name === '__session')).toBeUndefined();
  await context.close();
});

test('navigation_withExpiredCookieToken_goesThroughHandshakeAndReturnsSignedIn', async ({ browser, demo }) => {
  const { stack, skew } = demo;
  const context = await browser.newContext();
  const page = await signedInContext(context, demo);
  const before = await shownIdentity(page);
  await page.close(); // nothing refreshes the cookie any more
  const stale = await sessionCookie(context, stack.web.url);
  const expiredAt = jwtClaims(stale).exp;
  await sleep(Math.max(0, (expiredAt + skew + 1) * 1000 - Date.now()));

  const again = await context.newPage();
  const response = await again.goto(stack.web.url);

  // The redirect chain, oldest first: app → server's handshake → app (nonce) → app (clean URL).
  const chain: Request[] = [];
  for (let r: Request | null = response?.request() ?? null; r; r = r.redirectedFrom()) chain.unshift(r);
  const hops = await Promise.all(
    chain.map(async (r) => {
      const answer = await r.response();
      return { url: r.url(), status: answer?.status(), location: answer?.headers()['location'], reason: answer?.headers()['x-clerk-auth-reason'] };
    }),
  );
  expect(hops[0]).toMatchObject({ url: `${stack.web.url}/`, status: 307, reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie' });
  expect(hops[0]?.location).toMatch(new RegExp(`^${stack.server.url}/v1/client/handshake\\?`));
  expect(hops[1]).toMatchObject({ status: 307 });
  expect(hops[1]?.url).toMatch(new RegExp(`^${stack.server.url}/v1/client/handshake\\?`));
  expect(hops[1]?.location).toContain('__clerk_handshake_nonce=');
  expect(hops.at(-1)).toMatchObject({ url: `${stack.web.url}/`, status: 200 });

  // Back signed in, as the same user and session, with a fresh cookie token.
  const after = await shownIdentity(again);
  expect(after).toEqual(before);
  const fresh = (await context.cookies(stack.web.url)).find((c) => c.name === '__session')?.value ?? '';
  expect(jwtClaims(fresh).exp).toBeGreaterThan(Date.now() / 1000);
  expect(whoAmI(await press(again, 'same-fetch'))).toEqual({ userId: before.userId, sessionId: before.sessionId, carrier: 'cookie' });
  await context.close();
});

test('signIn_whileMintsAreSlow_sameOriginRequestAuthenticatedAsSoonAsThePageShowsSignedIn', async ({ browser, demo }) => {
  const { stack } = demo;
  const context = await browser.newContext();
  const page = await context.newPage();
  // A busy server: every mint takes 4 s. The sign-in answer carries the session's first token
  // (last_active_token), so the page must not wait for a mint before its cookie is written:
  // signIn() checks __session the moment the page shows itself signed in, and the first
  // same-origin request right after is authenticated by it.
  await page.route(/\/v1\/client\/sessions\/[^/]+\/tokens(\?|$)/, async (route) => {
    await sleep(4000);
    await route.continue().catch(() => undefined);
  });
  await page.goto(stack.web.url);
  await signIn(page, demo.email, demo.password);

  const answer = await press(page, 'same-fetch');
  const who = await shownIdentity(page);
  expect(whoAmI(answer)).toEqual({ userId: who.userId, sessionId: who.sessionId, carrier: 'cookie' });
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await context.close();
});
