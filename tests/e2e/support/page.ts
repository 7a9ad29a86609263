import { expect, type Page } from '@playwright/test';

/** The patterns of the React page (docs/making-requests.md), by their data-testid suffix. */
export const reactPatterns = ['same-fetch', 'same-swr', 'same-query', 'cross-fetch', 'cross-swr', 'cross-query'] as const;
/** The patterns of the plain page (/plain), by their data-testid suffix. */
export const plainPatterns = ['plain-gettoken', 'plain-fetch'] as const;
/** Any pattern of either page. */
export type Pattern = (typeof reactPatterns)[number] | (typeof plainPatterns)[number];

/** The answer of the demo endpoints. */
export interface WhoAmI {
  readonly userId: string;
  readonly sessionId: string;
  readonly carrier: 'cookie' | 'header';
}

/** What a result element of the demo pages says (its data-* attributes). */
export interface CallResult {
  readonly status: number;
  readonly reason: string;
  readonly body: string;
}

/** True for the patterns that call the web app itself (the cookie carries the token). */
export const isSameOrigin = (pattern: Pattern): boolean => pattern.startsWith('same-');

/** Reads a result element. */
export async function readResult(page: Page, pattern: Pattern): Promise<CallResult & { seq: number; state: string }> {
  const out = page.getByTestId(`result-${pattern}`);
  const [seq, state, status, reason, body] = await Promise.all(
    ['data-seq', 'data-state', 'data-status', 'data-reason', 'data-body'].map((a) => out.getAttribute(a)),
  );
  return { seq: Number(seq), state: state ?? '', status: Number(status), reason: reason ?? '', body: body ?? '' };
}

/** Presses a pattern's button and returns the result it settles on. */
export async function press(page: Page, pattern: Pattern): Promise<CallResult> {
  const before = (await readResult(page, pattern)).seq;
  await page.getByTestId(`call-${pattern}`).click();
  let result: CallResult & { seq: number; state: string } = await readResult(page, pattern);
  await expect(async () => {
    result = await readResult(page, pattern);
    expect(result.seq).toBeGreaterThan(before);
    expect(result.state).toBe('done');
  }).toPass({ timeout: 15_000, intervals: [50, 100, 250] });
  return { status: result.status, reason: result.reason, body: result.body };
}

/** The identity the React page shows (after it loaded). */
export async function shownIdentity(page: Page): Promise<{ signedIn: boolean; userId: string; sessionId: string }> {
  const who = page.getByTestId('whoami');
  await expect(who).not.toHaveAttribute('data-signed-in', 'loading');
  return {
    signedIn: (await who.getAttribute('data-signed-in')) === 'true',
    userId: (await who.getAttribute('data-user-id')) ?? '',
    sessionId: (await who.getAttribute('data-session-id')) ?? '',
  };
}

/** Polls the development mailbox for the newest 6-digit code sent to `email` after `since` (Unix ms). */
export async function readCode(serverUrl: string, email: string, since: number): Promise<string> {
  let code: string | undefined;
  await expect(async () => {
    const mailbox = (await (await fetch(`${serverUrl}/dev/mailbox.json`)).json()) as {
      messages: Array<{ to: string; subject: string; body: string; created_at: number }>;
    };
    const mail = mailbox.messages.find((m) => m.to.toLowerCase() === email.toLowerCase() && m.created_at >= since);
    code = mail ? /\b(\d{6})\b/.exec(mail.body)?.[1] : undefined;
    expect(code, `a code for ${email} in ${serverUrl}/dev/mailbox.json`).toBeTruthy();
  }).toPass({ timeout: 10_000, intervals: [100, 250] });
  return code as string;
}

/** Signs up through the page's form, reading the code from the development mailbox. */
export async function signUp(page: Page, serverUrl: string, email: string, password: string): Promise<void> {
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  const since = Date.now() - 1000;
  await page.getByTestId('sign-up').click();
  await expect(page.getByTestId('auth-status')).toHaveAttribute('data-step', 'code');
  await page.getByTestId('code').fill(await readCode(serverUrl, email, since));
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');
}

/** Signs in with a password through the page's form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'false');
  await page.getByTestId('email').fill(email);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('whoami')).toHaveAttribute('data-signed-in', 'true');
  // The sign-in answer carries the session's first token: the page shows itself signed in only
  // once `__session` is written, so its same-origin requests are authenticated from then on.
  const cookies = await page.context().cookies(page.url());
  expect(cookies.find((c) => c.name === '__session')?.value ?? '', 'the signed-in page has its __session cookie').not.toBe('');
}

/** Parses a successful result's body. */
export function whoAmI(result: CallResult): WhoAmI {
  expect(result.status, `HTTP status (reason ${result.reason}, body ${result.body})`).toBe(200);
  return JSON.parse(result.body) as WhoAmI;
}

/** Decodes a JWT's payload (no verification: the tests read iat/exp). */
export function jwtClaims(jwt: string): { iat: number; exp: number; sid?: string; sub?: string } {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat: number; exp: number };
}
