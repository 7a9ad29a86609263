import type { Browser, Page } from '@playwright/test';
import { expect, test, type SharedDemo } from '../support/fixtures';
import { isSameOrigin, plainPatterns, press, reactPatterns, shownIdentity, signIn, whoAmI, type Pattern } from '../support/page';

// Issue 6: every request pattern of docs/making-requests.md, in Chromium, against the real
// server and the demo apps (Latchkey.AspNetCore on both). The assertions read the endpoints'
// answers {userId, sessionId, carrier} and the exact reason codes, never text on the screen.

/** Signed-out reasons per pattern, exactly (docs/making-requests.md, "After sign-out"). */
const signedOutReason = (pattern: Pattern): string =>
  // Same origin: dev-browser cookie present, no __session, __client_uat=0 (protocol §5.6 C8).
  // Cross origin: a Bearer-only API of a development instance sees no dev browser (C7).
  isSameOrigin(pattern) ? 'session-token-and-uat-missing' : 'dev-browser-missing';

async function signedInPage(browser: Browser, demo: SharedDemo): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(demo.stack.web.url);
  await signIn(page, demo.email, demo.password);
  return page;
}

test('patterns_signedIn_answerUserSessionAndCarrier', async ({ browser, demo }) => {
  const { stack } = demo;
  const page = await signedInPage(browser, demo);
  const me = await shownIdentity(page);
  expect(me.userId).toMatch(/^user_/);
  expect(me.sessionId).toMatch(/^sess_/);

  for (const pattern of reactPatterns) {
    const answer = whoAmI(await press(page, pattern));
    expect(answer, pattern).toEqual({ userId: me.userId, sessionId: me.sessionId, carrier: isSameOrigin(pattern) ? 'cookie' : 'header' });
  }

  await page.goto(`${stack.web.url}/plain`);
  await expect(page.getByTestId('plain-whoami')).toHaveAttribute('data-signed-in', 'true');
  for (const pattern of plainPatterns) {
    const answer = whoAmI(await press(page, pattern));
    expect(answer, pattern).toEqual({ userId: me.userId, sessionId: me.sessionId, carrier: 'header' });
  }
  await page.context().close();
});

test('patterns_afterSignOut_showExactSignedOutReason', async ({ browser, demo }) => {
  const { stack } = demo;
  const page = await signedInPage(browser, demo);
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');

  for (const pattern of reactPatterns) {
    const result = await press(page, pattern);
    expect({ pattern, status: result.status, reason: result.reason }).toEqual({ pattern, status: 401, reason: signedOutReason(pattern) });
  }
  // TanStack Query retried the same-origin 401 once (the cookie might have been mid-refresh), then gave up.
  await expect(page.getByTestId('attempts-same-query')).toHaveAttribute('data-attempts', '2');
  // latchkey.fetch sent no token (signed out), so the 401 was final at once.
  await expect(page.getByTestId('attempts-cross-query')).toHaveAttribute('data-attempts', '1');

  await page.goto(`${stack.web.url}/plain`);
  await expect(page.getByTestId('plain-whoami')).toHaveAttribute('data-signed-in', 'false');
  for (const pattern of plainPatterns) {
    const result = await press(page, pattern);
    expect({ pattern, status: result.status, reason: result.reason }).toEqual({ pattern, status: 401, reason: signedOutReason(pattern) });
  }
  await page.context().close();
});
