import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Latchkey, cookieSuffix, isLatchkeyError } from '../src/index.js';
import { APP_URL, DEV_KEY, PASSWORD, PROD_KEY, claims, useFakeClock, world } from './support/harness.js';

beforeEach(useFakeClock);
afterEach(() => vi.useRealTimers());

describe('load and the frontend API transport', () => {
  it('load_DevelopmentWithoutDevBrowser_CreatesOneAndSendsItOnEveryCall', async () => {
    const w = world();
    const tab = w.tab();
    await w.latchkey(tab).load();

    const [create, ...rest] = w.fapi.requests;
    expect(create?.path).toBe('/dev_browser');
    expect(create?.query.has('__clerk_db_jwt')).toBe(false);
    const jwt = [...w.fapi.devBrowsers.keys()][0];
    expect(rest.map((r) => r.path).sort()).toEqual(['/client', '/environment']);
    for (const r of rest) expect(r.query.get('__clerk_db_jwt')).toBe(jwt);
    const suffix = await cookieSuffix(DEV_KEY);
    expect(w.browser.cookies.get('__clerk_db_jwt', tab.url)?.value).toBe(jwt);
    const write = w.browser.cookies.lastWrite(`__clerk_db_jwt_${suffix}`);
    expect(write?.value).toBe(jwt);
    expect(write?.attributes).toMatchObject({ path: '/', samesite: 'Lax' });
    expect(write?.attributes['domain']).toBeUndefined();
    expect(write?.attributes['secure']).toBeUndefined();
  });

  it('request_AnyCall_CarriesApiVersionSdkVersionAndCredentials', async () => {
    const w = world();
    await w.latchkey(w.tab()).load();
    for (const r of w.fapi.requests) {
      expect(r.query.get('__clerk_api_version')).toBe('2026-05-12');
      expect(r.query.get('_clerk_js_version')).toMatch(/^\d+\.\d+\.\d+$/);
      expect(r.credentials).toBe('include');
    }
  });

  it('load_DevBrowserInUrl_UsesItAndStripsItFromTheAddressBar', async () => {
    const w = world();
    await w.latchkey(w.tab()).load(); // creates a dev browser the server knows
    const jwt = [...w.fapi.devBrowsers.keys()][0] as string;
    const tab = w.tab(`${APP_URL}page?x=1&__clerk_db_jwt=${jwt}`);
    w.browser.cookies.cookies.clear();
    w.fapi.requests.length = 0;

    await w.latchkey(tab).load();

    expect(w.fapi.countRequests('POST', /^\/dev_browser$/)).toBe(0);
    expect(w.fapi.requests.every((r) => r.query.get('__clerk_db_jwt') === jwt)).toBe(true);
    expect(tab.window.location.href).toBe(`${APP_URL}page?x=1`);
  });

  it('load_DevBrowserCookie_ReusedWithoutCreating', async () => {
    const w = world();
    await w.latchkey(w.tab()).load();
    w.fapi.requests.length = 0;
    await w.latchkey(w.tab()).load();
    expect(w.fapi.countRequests('POST', /^\/dev_browser$/)).toBe(0);
  });

  it('request_ClerkDbJwtResponseHeader_RotatesTheDevBrowser', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const tab = w.tab();
    const latchkey = w.latchkey(tab);
    await latchkey.load();
    w.fapi.rotateDevBrowserOnce = true;

    await latchkey.signIn.password({ identifier: 'ada@example.com', password: PASSWORD });

    const rotated = [...w.fapi.devBrowsers.keys()].at(-1) as string;
    expect(w.browser.cookies.get(`__clerk_db_jwt_${await cookieSuffix(DEV_KEY)}`, tab.url)?.value).toBe(rotated);
    await latchkey.getToken({ skipCache: true });
    expect(w.fapi.requests.at(-1)?.query.get('__clerk_db_jwt')).toBe(rotated);
  });

  it('request_DevBrowserUnauthenticated_RecreatesAndRetries', async () => {
    const w = world();
    const tab = w.tab();
    w.browser.cookies.write('__clerk_db_jwt=dvb_unknown; Path=/', tab.url);

    const latchkey = await w.latchkey(tab).load();

    expect(latchkey.isLoaded).toBe(true);
    expect(w.fapi.countRequests('POST', /^\/dev_browser$/)).toBe(1);
    const fresh = [...w.fapi.devBrowsers.keys()][0];
    expect(w.fapi.requests.filter((r) => r.path === '/client').at(-1)?.query.get('__clerk_db_jwt')).toBe(fresh);
    expect(w.browser.cookies.get('__clerk_db_jwt', tab.url)?.value).toBe(fresh);
  });

  it('load_ProductionKey_NoDevBrowserAndNoClientUat', async () => {
    const w = world({ key: PROD_KEY, fapiOrigin: 'https://auth.example.com' });
    const tab = w.tab('https://app.example.com/');
    await w.latchkey(tab).load();
    expect(w.fapi.countRequests('POST', /^\/dev_browser$/)).toBe(0);
    expect(w.fapi.requests.every((r) => !r.query.has('__clerk_db_jwt'))).toBe(true);
    expect(w.browser.cookies.writes.some((c) => c.name.startsWith('__client_uat'))).toBe(false);
  });

  it('load_DefaultFrontendApiUrl_IsHttpsOfTheKeyHost', () => {
    const w = world({ key: PROD_KEY });
    const latchkey = new Latchkey(PROD_KEY, { platform: w.tab().platform() });
    expect(latchkey.frontendApiUrl).toBe('https://auth.example.com');
    expect(latchkey.instanceType).toBe('production');
  });

  it('load_CalledTwice_SharesOneLoad', async () => {
    const w = world();
    const latchkey = w.latchkey(w.tab());
    const [a, b] = await Promise.all([latchkey.load(), latchkey.load()]);
    expect(a).toBe(b);
    expect(w.fapi.countRequests('GET', /^\/client$/)).toBe(1);
  });

  it('load_DevBrowserCreationFails_RejectsAndCanRetry', async () => {
    const w = world();
    w.fapi.fail(/^\/dev_browser$/, 'network');
    const latchkey = w.latchkey(w.tab());
    await expect(latchkey.load()).rejects.toMatchObject({ code: 'dev-browser-failed' });
    await expect(latchkey.load()).resolves.toBe(latchkey);
  });

  it('getToken_BeforeLoad_NotLoaded', async () => {
    const w = world();
    const error = await w.latchkey(w.tab()).getToken().catch((e: unknown) => e);
    expect(isLatchkeyError(error, 'not-loaded')).toBe(true);
  });

  it('signOut_Wire_PostWithMethodOverrideAndFormBody', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    await latchkey.signOut();
    const call = w.fapi.requests.find((r) => r.path === '/client/sessions' && r.method === 'DELETE');
    expect(call?.wireMethod).toBe('POST');
    expect(call?.query.get('_method')).toBe('DELETE');
    expect(call?.contentType).toBe('application/x-www-form-urlencoded');
  });

  it('getToken_Mint_SendsOrganizationIdAndAnswerIsTheJwt', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const token = await latchkey.getToken({ skipCache: true });
    const call = w.fapi.requests.at(-1);
    expect(call?.path).toBe(`/client/sessions/${latchkey.session?.id}/tokens`);
    expect(call?.form.get('organization_id')).toBe('');
    expect(call?.query.get('debug')).toBe('skip_cache');
    expect(token).toBe(w.fapi.minted.at(-1)?.raw);
  });
});

describe('sign-in, sign-up and state', () => {
  it('signInPassword_CorrectPassword_SignedInWithCookieAndListenerCalled', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const tab = w.tab();
    const latchkey = await w.latchkey(tab).load();
    const seen: boolean[] = [];
    latchkey.addListener((s) => seen.push(s.isSignedIn));
    expect(latchkey.isSignedIn).toBe(false);

    const result = await latchkey.signIn.password({ identifier: 'ada@example.com', password: PASSWORD });

    expect(result.status).toBe('complete');
    expect(latchkey.isSignedIn).toBe(true);
    expect(latchkey.user?.primaryEmailAddress).toBe('ada@example.com');
    expect(latchkey.session?.id).toBe(result.status === 'complete' ? result.sessionId : '');
    expect(latchkey.auth.userId).toBe(latchkey.user?.id);
    expect(seen).toContain(true);
    const cookie = w.browser.cookies.get(`__session_${await cookieSuffix(DEV_KEY)}`, tab.url)?.value;
    expect(claims(cookie)['sid']).toBe(latchkey.session?.id);
    expect(w.browser.cookies.get('__session', tab.url)?.value).toBe(cookie);
  });

  it('signInPassword_AnswerCarriesToken_CookieWrittenWhenStateTurnsSignedInAndNoMintFollows', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const tab = w.tab();
    const latchkey = await w.latchkey(tab).load();
    const name = `__session_${await cookieSuffix(DEV_KEY)}`;
    const cookieWhenSignedIn: (string | undefined)[] = [];
    latchkey.addListener((s) => {
      if (s.isSignedIn) cookieWhenSignedIn.push(w.browser.cookies.get(name, tab.url)?.value);
    });

    await latchkey.signIn.password({ identifier: 'ada@example.com', password: PASSWORD });
    const token = await latchkey.session?.getToken();

    expect(cookieWhenSignedIn.length).toBeGreaterThan(0);
    expect(cookieWhenSignedIn[0], 'the first signed-in state already had its cookie').toBeDefined();
    expect(claims(cookieWhenSignedIn[0])['sid']).toBe(latchkey.session?.id);
    expect(w.fapi.requests.filter((r) => r.path.endsWith('/tokens')), 'no mint besides the ones that rode along').toEqual([]);
    expect(w.fapi.minted.map((m) => m.raw), 'the token is one that rode along').toContain(token);
    expect(w.browser.cookies.get(name, tab.url)?.value).toBe(token);
  });

  it('signInPassword_AnswerWithoutToken_MintsAndWritesTheCookie', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    w.fapi.tokensRideAlong = false;
    const tab = w.tab();
    const latchkey = await w.latchkey(tab).load();

    await latchkey.signIn.password({ identifier: 'ada@example.com', password: PASSWORD });

    expect(w.fapi.requests.filter((r) => r.path.endsWith('/tokens')).length).toBeGreaterThan(0);
    const cookie = w.browser.cookies.get(`__session_${await cookieSuffix(DEV_KEY)}`, tab.url)?.value;
    expect(claims(cookie)['sid']).toBe(latchkey.session?.id);
  });

  it('signInPassword_AnswerCarriesTokenOfAnotherSession_Ignored', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const tab = w.tab();
    const latchkey = await w.latchkey(tab).load();
    const realEnvelope = w.fapi.clientJson.bind(w.fapi);
    // A confused answer: the token riding along names another session.
    w.fapi.clientJson = (c, minted) => realEnvelope(c, minted && { ...minted, raw: minted.raw.replace(/^([^.]+)\.([^.]+)/, (_, h: string, p: string) => `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sid: 'sess_other' })).toString('base64url')}`) });

    await latchkey.signIn.password({ identifier: 'ada@example.com', password: PASSWORD });

    const cookie = w.browser.cookies.get(`__session_${await cookieSuffix(DEV_KEY)}`, tab.url)?.value;
    expect(claims(cookie)['sid']).toBe(latchkey.session?.id);
    expect(w.fapi.requests.filter((r) => r.path.endsWith('/tokens')).length).toBeGreaterThan(0);
  });

  it('signInPassword_WrongPassword_RequestRejectedWithServerCode', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const latchkey = await w.latchkey(w.tab()).load();
    const error = await latchkey.signIn.password({ identifier: 'ada@example.com', password: 'nope' }).catch((e: unknown) => e);
    expect(isLatchkeyError(error, 'request-rejected')).toBe(true);
    expect((error as { errors: { code: string }[] }).errors[0]?.code).toBe('form_password_incorrect');
    expect((error as { status: number }).status).toBe(422);
    expect(latchkey.isSignedIn).toBe(false);
  });

  it('signInEmailCode_CodeFromMail_SignedIn', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com');
    const latchkey = await w.latchkey(w.tab()).load();

    const started = await latchkey.signIn.emailCode({ identifier: 'ada@example.com' });
    expect(started.status).toBe('needs_email_code');
    if (started.status !== 'needs_email_code') return;
    const prepare = w.fapi.requests.find((r) => r.path.endsWith('/prepare_first_factor'));
    expect(prepare?.form.get('strategy')).toBe('email_code');
    const wrong = await started.verify('000000').catch((e: unknown) => e);
    expect((wrong as { errors: { code: string }[] }).errors[0]?.code).toBe('form_code_incorrect');

    const done = await started.verify(w.fapi.codeFor('ada@example.com') as string);

    expect(done.status).toBe('complete');
    expect(latchkey.isSignedIn).toBe(true);
  });

  it('signUp_EmailPasswordThenCode_SignedIn', async () => {
    const w = world();
    const latchkey = await w.latchkey(w.tab()).load();

    const started = await latchkey.signUp.create({ emailAddress: 'new@example.com', password: PASSWORD, firstName: 'New' });
    expect(started.status).toBe('needs_email_code');
    if (started.status !== 'needs_email_code') return;
    const create = w.fapi.requests.find((r) => r.path === '/client/sign_ups');
    expect(create?.form.get('email_address')).toBe('new@example.com');
    expect(create?.form.get('first_name')).toBe('New');
    expect(create?.form.has('last_name')).toBe(false);

    const done = await started.verify(w.fapi.codeFor('new@example.com') as string);

    expect(done.status).toBe('complete');
    expect(latchkey.user?.primaryEmailAddress).toBe('new@example.com');
  });

  it('getToken_SignedOut_Null', async () => {
    const w = world();
    const latchkey = await w.latchkey(w.tab()).load();
    expect(await latchkey.getToken()).toBeNull();
  });

  it('load_SignedOutWithStaleSessionCookie_RemovesBothNamesAndWritesUatZero', async () => {
    const w = world();
    const tab = w.tab();
    const suffix = await cookieSuffix(DEV_KEY);
    w.browser.cookies.write('__session=old; Path=/', tab.url);
    w.browser.cookies.write(`__session_${suffix}=old; Path=/`, tab.url);

    await w.latchkey(tab).load();

    expect(w.browser.cookies.get('__session', tab.url)).toBeUndefined();
    expect(w.browser.cookies.get(`__session_${suffix}`, tab.url)).toBeUndefined();
    expect(w.browser.cookies.get('__client_uat', tab.url)?.value).toBe('0');
    expect(w.browser.cookies.get(`__client_uat_${suffix}`, tab.url)?.value).toBe('0');
  });

  it('load_SignedInElsewhereInThisBrowser_RestoresSessionAndWritesCookie', async () => {
    const w = world();
    const first = await w.signedIn();
    const tab = w.tab();
    w.browser.cookies.write('__session=; Path=/; Max-Age=0', tab.url);

    const second = await w.latchkey(tab).load();

    expect(second.session?.id).toBe(first.latchkey.session?.id);
    expect(claims(w.browser.cookies.get('__session', tab.url)?.value)['sid']).toBe(second.session?.id);
  });
});
