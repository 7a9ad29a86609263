import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { freePort, repoRoot, screenshotsMode } from '../support/processes';
import { isSameOrigin, plainPatterns, press, reactPatterns, shownIdentity, signUp, whoAmI, type Pattern } from '../support/page';
import { groupAlive, isListening, runDemo, type DemoRun } from '../support/run-demo';

// Issue 7: the demo, started exactly as the README says (`./run-demo.sh`, here with its port and
// data-folder variables so it cannot collide with anything), used the way a new user would:
// sign up through the page with the code from the development mailbox, press every button,
// sign out, press them again, Ctrl+C; then a second start that finds the same instance and user.

const email = 'ada@example.com';
const password = 'correct horse battery staple';
const signedOutReason = (pattern: Pattern): string => (isSameOrigin(pattern) ? 'session-token-and-uat-missing' : 'dev-browser-missing');

/** The most the start-time budgets may grow under load (see startBudget). */
const maxLoadFactor = 2;

/**
 * The start-time budget for `seconds` on an idle machine (the figures are for the
 * 2-core development machine doing nothing else). When other work keeps more runnable
 * processes than cores (1-minute load average), the demo's processes get a smaller share of
 * the CPU and the budget grows by load / cores, but at most `maxLoadFactor` times: uncapped,
 * a load of 13 on 2 cores turned 15 s into ~100 s, and no slowdown of the demo itself could
 * fail the test. The measured time and the budget used are printed either way.
 */
function startBudget(seconds: number, what: string, measured: number): number {
  const load = loadavg()[0] ?? 0;
  const cores = cpus().length;
  const factor = Math.min(maxLoadFactor, Math.max(1, load / cores));
  const budget = seconds * factor;
  const figures = `${measured.toFixed(1)} s, budget ${budget.toFixed(1)} s (${seconds} s idle x ${factor.toFixed(2)}; load ${load.toFixed(1)} on ${cores} cores, factor capped at ${maxLoadFactor})`;
  console.log(`${what}: ${figures}`);
  test.info().annotations.push({ type: what, description: figures });
  return budget;
}

let data: string;
let run: DemoRun | undefined;

test.beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'latchkey-e2e-demo-'));
});

test.afterAll(() => {
  run?.kill();
  rmSync(data, { recursive: true, force: true });
});

/**
 * Writes docs/screenshots/<name>.png in --screenshots mode. Ids, ports and token times differ on
 * every run: the text shows fixed values of the same shape instead (the default ports, one
 * issue time), and the live countdown is masked, so an image changes only when the page does.
 */
async function screenshot(page: Page, name: string, ports: Record<'server' | 'web' | 'api', number>, masks: Locator[] = []): Promise<void> {
  if (!screenshotsMode) return;
  await page.evaluate((p) => {
    const defaults: Record<string, string> = { [p.server]: '5100', [p.web]: '5200', [p.api]: '5300' };
    // Shift every time claim by one offset, so nbf, iat and exp keep their distances.
    const shift = (text: string): string => {
      const iat = /"iat": (\d+)/.exec(text);
      if (!iat) return text;
      const delta = 1767225600 - Number(iat[1]);
      return text.replace(/"(iat|nbf|exp)": (\d+)/g, (_all, claim: string, value: string) => `"${claim}": ${Number(value) + delta}`);
    };
    const fixed = (text: string): string =>
      shift(text)
        .replace(/user_[A-Za-z0-9]+/g, 'user_2pQm7demoUserId0000000000')
        .replace(/sess_[A-Za-z0-9]+/g, 'sess_2pQm7demoSessionId00000000')
        .replace(/"jti": "[^"]*"/g, '"jti": "5f0c1d2e3a4b5c6d7e8f"')
        .replace(/127\.0\.0\.1:(\d+)/g, (all, port: string) => (defaults[port] ? `127.0.0.1:${defaults[port]}` : all));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) node.nodeValue = fixed(node.nodeValue ?? '');
  }, ports);
  mkdirSync(join(repoRoot, 'docs', 'screenshots'), { recursive: true });
  await page.screenshot({
    path: join(repoRoot, 'docs', 'screenshots', `${name}.png`),
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: masks,
    maskColor: '#e5e7eb',
  });
}

test('demo_startedAsTheReadmeSays_signUpEveryButtonSignOutCtrlC_thenRestartsWithTheSameUser', async ({ browser }) => {
  test.setTimeout(300_000);
  const ports = { server: await freePort(), web: await freePort(), api: await freePort() };
  const env = {
    LATCHKEY_DEMO_SERVER_PORT: String(ports.server),
    LATCHKEY_DEMO_WEB_PORT: String(ports.web),
    LATCHKEY_DEMO_API_PORT: String(ports.api),
    LATCHKEY_DEMO_DATA: data,
    LATCHKEY_DEMO_TOKEN_LIFETIME: '30',
  };
  const web = `http://127.0.0.1:${ports.web}`;
  const server = `http://127.0.0.1:${ports.server}`;

  // First start: builds (incrementally) and starts the three processes.
  run = runDemo(env);
  const firstStart = await run.ready(240_000);
  expect(firstStart).toBeLessThan(startBudget(60, 'first start, after the build', firstStart));
  expect(run.output()).toContain(`${web} `);
  expect(run.output()).toContain(`${web}/plain`);
  const keysBefore = readFileSync(join(data, 'latchkey.keys.json'), 'utf8');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(web);
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');
  await screenshot(page, 'demo-signed-out', ports);
  await signUp(page, server, email, password);
  const me = await shownIdentity(page);
  expect(me.signedIn).toBe(true);
  // The token panel shows the current token; its lifetime is the one the script was given.
  const token = page.getByTestId('token');
  expect(Number(await token.getAttribute('data-exp')) - Number(await token.getAttribute('data-iat'))).toBe(30);

  for (const pattern of reactPatterns) {
    expect(whoAmI(await press(page, pattern)), pattern).toEqual({
      userId: me.userId,
      sessionId: me.sessionId,
      carrier: isSameOrigin(pattern) ? 'cookie' : 'header',
    });
  }
  await screenshot(page, 'demo-signed-in', ports, [page.getByTestId('token')]);

  await page.getByTestId('plain-link').click();
  await expect(page.getByTestId('plain-whoami')).toHaveAttribute('data-signed-in', 'true');
  for (const pattern of plainPatterns) {
    expect(whoAmI(await press(page, pattern)), pattern).toEqual({ userId: me.userId, sessionId: me.sessionId, carrier: 'header' });
  }
  await screenshot(page, 'demo-plain-page', ports);

  // Sign out: every pattern now shows the signed-out outcome with its exact reason code.
  await page.goto(web);
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');
  const kept = (await context.cookies(web)).find((c) => c.name === '__session')?.value ?? '';
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');
  // A token kept from before the sign-out is still unexpired, but the API follows the server's
  // revocation feed (docs/revocation.md) and refuses it.
  await expect
    .poll(async () => {
      const res = await fetch(`http://127.0.0.1:${ports.api}/api/me`, { headers: { Authorization: `Bearer ${kept}` } });
      return [res.status, res.headers.get('x-clerk-auth-reason')];
    }, { timeout: 5000 })
    .toEqual([401, 'session-revoked']);
  for (const pattern of reactPatterns) {
    const result = await press(page, pattern);
    expect({ pattern, status: result.status, reason: result.reason }).toEqual({ pattern, status: 401, reason: signedOutReason(pattern) });
  }
  await screenshot(page, 'demo-after-sign-out', ports);
  await page.goto(`${web}/plain`);
  await expect(page.getByTestId('plain-whoami')).toHaveAttribute('data-signed-in', 'false');
  for (const pattern of plainPatterns) {
    const result = await press(page, pattern);
    expect({ pattern, status: result.status, reason: result.reason }).toEqual({ pattern, status: 401, reason: signedOutReason(pattern) });
  }
  await context.close();

  // Ctrl+C stops all three processes.
  expect(await run.interrupt()).toBe(130);
  await expect.poll(() => groupAlive(run?.pid ?? 0), { timeout: 15_000 }).toBe(false);
  for (const port of Object.values(ports)) expect(await isListening(port), `port ${port} closed`).toBe(false);

  // Second start, command to ready, build check included: same instance, keys and user.
  const secondStarted = Date.now();
  run = runDemo(env);
  await run.ready(240_000);
  const secondStart = (Date.now() - secondStarted) / 1000;
  expect(secondStart).toBeLessThan(startBudget(15, 'second start, command to ready', secondStart));
  expect(readFileSync(join(data, 'latchkey.keys.json'), 'utf8')).toBe(keysBefore);
  // This time through the server's hosted sign-in page, linked from the demo page.
  const again = await (await browser.newContext()).newPage();
  await again.goto(web);
  await expect(again.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');
  await again.getByTestId('hosted-sign-in').click();
  await expect(again).toHaveURL(new RegExp(`^${server}/sign-in\\?`));
  await again.getByLabel('Email address or username').fill(email);
  await again.getByLabel('Password').fill(password);
  await again.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(again).toHaveURL(new RegExp(`^${web}/`));
  await expect(again.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');
  const back = await shownIdentity(again);
  expect(back.userId).toBe(me.userId);
  expect(whoAmI(await press(again, 'cross-query')).userId).toBe(me.userId);
  await again.context().close();
  expect(await run.interrupt()).toBe(130);
  run = undefined;
});
