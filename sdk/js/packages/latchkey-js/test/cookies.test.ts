import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieSuffix } from '../src/index.js';
import { DEV_KEY, claims, useFakeClock, world } from './support/harness.js';

beforeEach(useFakeClock);
afterEach(() => vi.useRealTimers());

const YEAR_MS = 365 * 86_400_000;

describe('cookie attributes (protocol §2)', () => {
  it('sessionCookie_DevOnLoopbackHttp_HostOnlyLaxNotSecureOneYear', async () => {
    const w = world();
    const { latchkey } = await w.signedIn();
    const suffix = await cookieSuffix(DEV_KEY);
    for (const name of ['__session', `__session_${suffix}`]) {
      const write = w.browser.cookies.lastWrite(name);
      expect(claims(write?.value)['sid']).toBe(latchkey.session?.id);
      expect(write?.attributes).toMatchObject({ path: '/', samesite: 'Lax' });
      expect(write?.attributes['domain']).toBeUndefined();
      expect(write?.attributes['secure']).toBeUndefined();
      expect(Date.parse(write?.attributes['expires'] as string)).toBeGreaterThanOrEqual(Date.now() + YEAR_MS - 1_000);
    }
  });

  it('clientUat_DevOnLoopback_StrictOnTheHostWithTheClientUpdateTime', async () => {
    const w = world();
    const { tab } = await w.signedIn();
    const suffix = await cookieSuffix(DEV_KEY);
    const client = [...w.fapi.clients.values()].find((c) => c.sessions.length > 0);
    for (const name of ['__client_uat', `__client_uat_${suffix}`]) {
      const write = w.browser.cookies.lastWrite(name);
      expect(write?.value).toBe(String(Math.floor((client?.updatedAt ?? 0) / 1000)));
      expect(write?.attributes).toMatchObject({ path: '/', samesite: 'Strict' });
      expect(write?.attributes['domain']).toBeUndefined();
      expect(w.browser.cookies.get(name, tab.url)?.value).toBe(write?.value);
    }
  });

  it('activeContext_AfterTokenWrite_SessionAndOrgAsSessionCookie', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    const write = w.browser.cookies.lastWrite('clerk_active_context');
    expect(w.browser.cookies.get('clerk_active_context', tab.url)?.value).toBe(`${latchkey.session?.id}:`);
    expect(write?.attributes['expires']).toBeUndefined();
    expect(write?.attributes['samesite']).toBeUndefined();
  });

  it('sessionCookie_Https_Secure', async () => {
    const w = world({ fapiOrigin: 'https://auth.example.com', key: `pk_test_${btoa('auth.example.com$')}` });
    const { tab } = await w.signedIn({ tab: w.tab('https://app.example.com/dashboard') });
    expect(w.browser.cookies.lastWrite('__session')?.attributes).toMatchObject({ secure: true, samesite: 'Lax' });
    expect(w.browser.cookies.get('__session', tab.url)?.secure).toBe(true);
  });

  it('clientUat_DevOnSubdomain_WrittenOnTheRegistrableDomainAfterRemovingHostOnlyCopies', async () => {
    const w = world({ fapiOrigin: 'https://auth.example.com', key: `pk_test_${btoa('auth.example.com$')}` });
    const { tab } = await w.signedIn({ tab: w.tab('https://app.example.com/') });
    const writes = w.browser.cookies.writes.filter((c) => c.name === '__client_uat');
    const last = writes.at(-1);
    expect(last?.attributes).toMatchObject({ domain: 'example.com', samesite: 'Strict', secure: true });
    const removal = writes.at(-2);
    expect(removal?.attributes['domain']).toBeUndefined();
    expect(removal?.attributes['max-age']).toBe('0');
    expect(w.browser.cookies.get('__client_uat', tab.url)?.domain).toBe('example.com');
    expect(w.browser.cookies.writes.some((c) => c.name === '__clerk_test_etld' && c.attributes['domain'] === 'example.com')).toBe(true);
    expect(w.browser.cookies.get('__clerk_test_etld', tab.url)).toBeUndefined();
  });

  it('clientUat_DevOnMultiLabelPublicSuffix_ProbeSkipsTheSuffix', async () => {
    const w = world({ fapiOrigin: 'https://auth.example.co.uk', key: `pk_test_${btoa('auth.example.co.uk$')}` });
    await w.signedIn({ tab: w.tab('https://a.b.example.co.uk/') });
    const probes = w.browser.cookies.writes.filter((c) => c.name === '__clerk_test_etld' && !c.attributes['max-age']);
    expect(probes.map((p) => p.attributes['domain'])).toEqual(['co.uk', 'example.co.uk']);
    expect(w.browser.cookies.lastWrite('__client_uat')?.attributes['domain']).toBe('example.co.uk');
  });

  it('cookies_PartitionedInstanceOnHttps_SameSiteNoneSecurePartitioned', async () => {
    const w = world({ fapiOrigin: 'https://auth.example.com', key: `pk_test_${btoa('auth.example.com$')}` });
    w.fapi.environment = { ...w.fapi.environment, partitioned_cookies: true };
    await w.signedIn({ tab: w.tab('https://app.example.com/') });
    expect(w.browser.cookies.lastWrite('__session')?.attributes).toMatchObject({ samesite: 'None', secure: true, partitioned: true });
  });

  it('signOut_RemovesSessionAndContextAndWritesUatZero', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn();
    const suffix = await cookieSuffix(DEV_KEY);

    await latchkey.signOut();

    for (const name of ['__session', `__session_${suffix}`, 'clerk_active_context']) {
      expect(w.browser.cookies.get(name, tab.url)).toBeUndefined();
    }
    expect(w.browser.cookies.get('__client_uat', tab.url)?.value).toBe('0');
    expect(w.browser.cookies.get(`__client_uat_${suffix}`, tab.url)?.value).toBe('0');
    expect(latchkey.isSignedIn).toBe(false);
  });

  it('clientUat_DevAppOnTheFrontendApiHost_NotWrittenBySdk', async () => {
    const w = world({ fapiOrigin: 'https://auth.example.com', key: `pk_test_${btoa('auth.example.com$')}` });
    await w.signedIn({ tab: w.tab('https://auth.example.com/app') });
    expect(w.browser.cookies.writes.some((c) => c.name.startsWith('__client_uat'))).toBe(false);
  });
});

describe('sessions: setActive and multi-session sign-out', () => {
  it('setActive_OrganizationBySlug_TouchesAndMintsAnOrgToken', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com', 'correct horse battery', [
      { orgId: 'org_1', slug: 'acme', role: 'org:admin', permissions: ['org:invoices:read'] },
    ]);
    const { latchkey, tab } = await w.signedIn({ email: 'ada@example.com' });
    expect(latchkey.auth.orgId).toBeNull();
    expect(latchkey.auth.has({ role: 'admin' })).toBe(false);

    await latchkey.setActive({ organization: 'acme' });

    const touch = w.fapi.requests.filter((r) => r.path.endsWith('/touch')).at(-1);
    expect(touch?.form.get('active_organization_id')).toBe('org_1');
    expect(touch?.form.get('intent')).toBe('select_org');
    expect(latchkey.session?.lastActiveOrganizationId).toBe('org_1');
    expect(latchkey.auth).toMatchObject({ orgId: 'org_1', orgSlug: 'acme', orgRole: 'org:admin' });
    expect(latchkey.auth.orgPermissions).toEqual(['org:invoices:read', 'org:invoices:manage']);
    expect(latchkey.auth.has({ role: 'org:admin', permission: 'org:invoices:manage' })).toBe(true);
    expect(latchkey.auth.has({ permission: 'org:invoices:delete' })).toBe(false);
    expect((claims(w.browser.cookies.get('__session', tab.url)?.value)['o'] as { id: string }).id).toBe('org_1');
    expect(w.browser.cookies.get('clerk_active_context', tab.url)?.value).toBe(`${latchkey.session?.id}:org_1`);

    await latchkey.setActive({ organization: null });
    expect(latchkey.auth.orgId).toBeNull();
  });

  it('setActive_BackToAnOrganizationWithACachedToken_CookieTokenNotOlderThanClientUat', async () => {
    const w = world();
    w.fapi.createUser('ada@example.com', 'correct horse battery', [{ orgId: 'org_1', slug: 'acme', role: 'org:admin', permissions: [] }]);
    const { latchkey, tab } = await w.signedIn({ email: 'ada@example.com' });
    await vi.advanceTimersByTimeAsync(3_000);
    await latchkey.setActive({ organization: 'org_1' });
    await vi.advanceTimersByTimeAsync(3_000);

    await latchkey.setActive({ organization: null }); // the personal-account token is cached, but older
    await vi.advanceTimersByTimeAsync(0);

    const uat = Number(w.browser.cookies.get('__client_uat', tab.url)?.value);
    const cookie = claims(w.browser.cookies.get('__session', tab.url)?.value);
    expect(cookie['o']).toBeUndefined();
    expect(cookie['iat'] as number).toBeGreaterThanOrEqual(uat);
  });

  it('signOutOneSession_MultiSessionClient_RemovesOnlyThatSession', async () => {
    const w = world();
    const { latchkey } = await w.signedIn({ email: 'one@example.com' });
    const first = latchkey.session?.id as string;
    w.fapi.createUser('two@example.com', 'correct horse battery');
    await latchkey.signIn.password({ identifier: 'two@example.com', password: 'correct horse battery' });
    const second = latchkey.session?.id as string;
    expect(latchkey.client?.signedInSessions.map((s) => s.id)).toEqual([first, second]);

    await latchkey.signOut({ sessionId: first });

    expect(w.fapi.requests.some((r) => r.path === `/client/sessions/${first}/remove`)).toBe(true);
    expect(latchkey.session?.id).toBe(second);
    expect(latchkey.isSignedIn).toBe(true);

    await latchkey.setActive({ session: second, organization: null });
    expect(w.fapi.requests.filter((r) => r.path.endsWith('/touch')).at(-1)?.form.get('intent')).toBe('select_org');
    await latchkey.signOut();
    expect(latchkey.isSignedIn).toBe(false);
  });

  it('setActive_OtherSession_SelectSessionAndCookieFollows', async () => {
    const w = world();
    const { latchkey, tab } = await w.signedIn({ email: 'one@example.com' });
    const first = latchkey.session?.id as string;
    w.fapi.createUser('two@example.com', 'correct horse battery');
    await latchkey.signIn.password({ identifier: 'two@example.com', password: 'correct horse battery' });

    await latchkey.setActive({ session: first });

    const touch = w.fapi.requests.filter((r) => r.path === `/client/sessions/${first}/touch`).at(-1);
    expect(touch?.form.get('intent')).toBe('select_session');
    expect(latchkey.session?.id).toBe(first);
    expect(claims(w.browser.cookies.get('__session', tab.url)?.value)['sid']).toBe(first);
  });
});
