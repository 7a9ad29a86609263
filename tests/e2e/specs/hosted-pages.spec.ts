import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { freePort, repoRoot, screenshotsMode, startLatchkeyServer, type RunningServer } from '../support/processes';

/**
 * The server's hosted pages in Chromium: every page renders without console errors (a CSP
 * violation is one), passes axe's WCAG 2.1 A/AA rules and labels every input, and the whole
 * sign-up → verify → account → sign-out flow works with the browser's own form posts.
 * `./test.sh --screenshots` (LATCHKEY_SCREENSHOTS=1) also writes docs/screenshots/*.png; the
 * data is fixed (fresh server, fixed names, fixed user agents, relative times) so the images
 * only change when the pages do.
 */

const screenshotDir = join(repoRoot, 'docs', 'screenshots');
const laptopAgent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const phoneAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const password = 'correct horse battery';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startLatchkeyServer({ 'Passwords:Iterations': '1000' });
});

test.afterAll(async () => {
  await server?.stop();
});

/** A page that records console errors and uncaught exceptions. */
async function openPage(browser: Browser, userAgent = laptopAgent): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ userAgent, viewport: { width: 1000, height: 760 }, colorScheme: 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/**
 * Each page: loads, no console errors, every input labelled, no axe violations; a screenshot in
 * screenshot mode. A form shown again with an error answers 4xx (e.g. 422), which Chromium logs
 * as a failed load of the document: that one message is expected when `status` names it.
 */
async function check(page: Page, errors: string[], name: string, status?: number): Promise<void> {
  await page.waitForLoadState('load');
  const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea', (inputs) =>
    inputs
      .filter((input) => (input as HTMLInputElement).labels?.length === 0 && !input.getAttribute('aria-label'))
      .map((input) => input.outerHTML),
  );
  expect(unlabelled, `${name}: inputs without a label`).toEqual([]);
  await expect(page.locator('h1'), `${name}: one h1`).toHaveCount(1);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${name}: axe`).toEqual([]);
  const expected = status === undefined ? [] : [`Failed to load resource: the server responded with a status of ${status}`];
  expect(errors.filter((e) => !expected.some((x) => e.startsWith(x))), `${name}: console errors`).toEqual([]);
  errors.length = 0;
  if (screenshotsMode) {
    // Nothing under the pointer is hovered, and the fonts are in: the same pixels every run.
    await page.mouse.move(0, 0);
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }
}

/** The latest six-digit code mailed to `to`, from the development mailbox. */
async function codeFor(to: string, after = 0): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const response = await fetch(`${server.url}/dev/mailbox.json`);
    const { messages } = (await response.json()) as { messages: Array<{ to: string; subject: string }> };
    const mails = messages.filter((m) => m.to === to && /verification code/.test(m.subject));
    if (mails.length > after) return /[0-9]{6}/.exec(mails[0].subject)![0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code mailed to ${to}`);
}

test('hostedPages_signUpVerifyAccountSignOut_everyPageRendersAccessibly', async ({ browser }) => {
  const laptop = await openPage(browser);
  const { page, errors } = laptop;

  // Signed-out landing.
  await page.goto(`${server.url}/`);
  await check(page, errors, 'landing');

  // Sign-up with deterministic data.
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page).toHaveURL(`${server.url}/sign-up`);
  await check(page, errors, 'sign-up');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email address').fill('ada@example.com');
  await page.getByLabel('Username').fill('ada');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();

  // Verify: a wrong code first (error next to the field), then the mailed one.
  await expect(page).toHaveURL(/\/verify\?flow=sign_up$/);
  await expect(page.locator('strong')).toHaveText('ada@example.com');
  await check(page, errors, 'verify');
  const code = await codeFor('ada@example.com');
  await page.getByLabel('Verification code').fill(code === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.locator('[data-error-for="code"]')).toHaveAttribute('data-error-code', 'form_code_incorrect');
  await expect(page.getByLabel('Verification code')).toHaveAttribute('aria-invalid', 'true');
  await check(page, errors, 'verify-error', 422);
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(`${server.url}/account`);

  // A second device (another browser context) signs in with the password.
  const phone = await openPage(browser, phoneAgent);
  await phone.page.goto(`${server.url}/sign-in`);
  await phone.page.getByLabel('Email address or username').fill('ada');
  await phone.page.getByLabel('Password').fill('not the password');
  await phone.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.page.locator('[data-error-for="password"]')).toHaveAttribute('data-error-code', 'form_password_incorrect');
  await check(phone.page, phone.errors, 'sign-in-error', 422);
  await phone.page.getByLabel('Password').fill(password);
  await phone.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(phone.page).toHaveURL(`${server.url}/account`);

  // The account page lists both devices.
  await page.reload();
  await expect(page.locator('ul.sessions li')).toHaveCount(2);
  await expect(page.locator('li[data-this-browser="true"] .device')).toContainText('Chrome on Linux');
  await expect(page.locator('li[data-this-browser="false"] .device')).toContainText('Firefox on Windows');
  await check(page, errors, 'account');
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, errors, 'account-mobile');
  await page.setViewportSize({ width: 1000, height: 760 });
  // The dark colour scheme must meet the same contrast rules.
  await page.emulateMedia({ colorScheme: 'dark' });
  await check(page, errors, 'account-dark');
  await phone.page.emulateMedia({ colorScheme: 'dark' });
  await phone.page.goto(`${server.url}/sign-in`);
  await phone.page.getByLabel('Email address or username').fill('nobody@example.com');
  await phone.page.getByLabel('Password').fill('not the password');
  await phone.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await check(phone.page, phone.errors, 'sign-in-error-dark', 422);
  await page.emulateMedia({ colorScheme: 'light' });

  // Sign out the other device, then this one.
  await page.getByRole('button', { name: 'Sign out of all other sessions' }).click();
  await expect(page.locator('ul.sessions li')).toHaveCount(1);
  await phone.page.goto(`${server.url}/account`);
  await expect(phone.page).toHaveURL(`${server.url}/sign-in`);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(`${server.url}/sign-in?signed_out=1`);
  await expect(page.locator('[data-notice="signed_out"]')).toBeVisible();
  await check(page, errors, 'sign-in');

  await phone.context.close();
  await laptop.context.close();
});

test('hostedPages_signInByEmailCode_returnsToAllowedApp', async ({ browser }) => {
  const { context, page, errors } = await openPage(browser);
  const app = 'http://127.0.0.1:5200/dashboard';
  await page.goto(`${server.url}/sign-up`);
  await page.getByLabel('Email address').fill('grace@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Verification code').fill(await codeFor('grace@example.com'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await page.goto(`${server.url}/sign-in?redirect_url=${encodeURIComponent(app)}`);
  await expect(page.locator('.lede')).toHaveText('to continue to 127.0.0.1:5200');
  await page.getByLabel('Email address or username').fill('grace@example.com');
  await page.getByRole('button', { name: 'Email me a sign-in code' }).click();
  await expect(page).toHaveURL(/\/verify\?flow=sign_in&redirect_url=/);
  await check(page, errors, 'verify-sign-in');
  const code = await codeFor('grace@example.com', 1);

  // Nothing listens on 5200: the navigation to the app is observed, not loaded.
  const toApp = page.waitForRequest((request) => request.url().startsWith(app));
  await page.route('http://127.0.0.1:5200/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>app</title>' }));
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  const arrived = new URL((await toApp).url());
  expect(arrived.origin + arrived.pathname).toBe(app);
  expect(arrived.searchParams.get('__clerk_db_jwt')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const cookies = await context.cookies(server.url);
  expect(cookies.find((c) => c.name === '__client_uat')?.value).not.toBe('0');
  expect(cookies.find((c) => c.name === '__clerk_db_jwt')?.value).toBe(arrived.searchParams.get('__clerk_db_jwt'));
  await context.close();
});

/** The SDK's script-tag bundle; built here when the SDK's own test run has not built it yet. */
function sdkBundle(): string {
  const sdk = join(repoRoot, 'sdk', 'js');
  const bundle = join(sdk, 'packages', 'latchkey-js', 'dist', 'latchkey.iife.js');
  if (!existsSync(bundle)) {
    if (!existsSync(join(sdk, 'node_modules'))) throw new Error('sdk/js has no node_modules: run scripts/setup.sh');
    execFileSync('npm', ['run', 'build'], { cwd: sdk, stdio: 'ignore' });
  }
  return readFileSync(bundle, 'utf8');
}

/** A static app on another 127.0.0.1 port whose pages load the browser SDK by script tag. */
async function startApp(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = sdkBundle();
  const port = await freePort();
  const http: Server = createServer((request, response) => {
    if (request.url === '/latchkey.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>app</title>` +
        `<script src="/latchkey.js" data-publishable-key="${server.keys.publishable_key}" data-frontend-api-url="${server.url}"></script>` +
        `</head><body><main><h1>app</h1></main></body></html>`,
    );
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

test('hostedPages_signUpReturningToApp_browserSdkOnAnotherPortIsSignedIn', async ({ browser }) => {
  const app = await startApp();
  const { context, page } = await openPage(browser);
  try {
    await page.goto(`${server.url}/sign-up?redirect_url=${encodeURIComponent(app.url + '/dashboard')}`);
    await page.getByLabel('Email address').fill('linus@example.com');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Verification code').fill(await codeFor('linus@example.com'));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.origin === app.url);

    const seen = await page.evaluate(async () => {
      const latchkey = (window as unknown as { Latchkey: { load(): Promise<unknown>; isSignedIn: boolean; user: { id: string } | null; getToken(): Promise<string | null> } }).Latchkey;
      await latchkey.load();
      const token = await latchkey.getToken();
      const claims = token ? JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) : null;
      return { signedIn: latchkey.isSignedIn, user: latchkey.user?.id, sub: claims?.sub, azp: claims?.azp, url: location.href };
    });

    expect(seen.signedIn).toBe(true);
    expect(seen.user).toMatch(/^user_/);
    expect(seen.sub).toBe(seen.user);
    expect(seen.azp).toBe(app.url);
    // The SDK took the dev-browser token out of the address bar.
    expect(seen.url).toBe(`${app.url}/dashboard`);
  } finally {
    await context.close();
    await app.close();
  }
});
