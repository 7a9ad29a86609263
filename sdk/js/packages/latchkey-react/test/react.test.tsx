import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Latchkey } from '@latchkey/js';
import { LatchkeyProvider, Protect, SignedIn, SignedOut, useAuth, useLatchkey, useSession, useUser } from '../src/index.js';
import { DEV_KEY, PASSWORD, claims, world } from '../../latchkey-js/test/support/harness.js';

const instances: Latchkey[] = [];
afterEach(() => {
  cleanup();
  instances.splice(0).forEach((l) => l.destroy());
});

function setup() {
  const w = world();
  const tab = w.tab();
  const latchkey = w.latchkey(tab);
  instances.push(latchkey);
  const wrapper = ({ children }: { children?: ReactNode }) => <LatchkeyProvider latchkey={latchkey}>{children}</LatchkeyProvider>;
  return { w, tab, latchkey, wrapper };
}

async function signIn(w: ReturnType<typeof world>, latchkey: Latchkey, email = 'ada@example.com') {
  if (!w.fapi.users.has(email)) w.fapi.createUser(email, PASSWORD, [{ orgId: 'org_1', slug: 'acme', role: 'org:admin', permissions: [] }]);
  await act(async () => {
    await latchkey.load();
    await latchkey.signIn.password({ identifier: email, password: PASSWORD });
  });
}

describe('hooks outside the provider', () => {
  it.each<[string, () => unknown]>([
    ['useAuth', () => useAuth()],
    ['useUser', () => useUser()],
    ['useSession', () => useSession()],
    ['useLatchkey', () => useLatchkey()],
  ])('%s_OutsideProvider_ThrowsAClearError', (name, hook) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(hook)).toThrow(`${name}() must be used inside <LatchkeyProvider>`);
    error.mockRestore();
  });

  it('SignedIn_OutsideProvider_ThrowsAClearError', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<SignedIn>x</SignedIn>)).toThrow('SignedIn() must be used inside <LatchkeyProvider>');
    error.mockRestore();
  });

  it('LatchkeyProvider_WithoutKeyOrInstance_ThrowsAClearError', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<LatchkeyProvider>x</LatchkeyProvider>)).toThrow('needs a publishableKey');
    error.mockRestore();
  });
});

describe('useAuth and the control components', () => {
  it('useAuth_BeforeLoadThenSignedOut_UndefinedThenNull', async () => {
    const { wrapper } = setup();
    const { result } = renderHook(() => useAuth(), { wrapper });
    expect(result.current.isLoaded).toBe(false);
    expect(result.current.isSignedIn).toBeUndefined();
    expect(result.current.userId).toBeUndefined();
    await waitFor(() => expect(result.current.isLoaded).toBe(true));
    expect(result.current).toMatchObject({ isSignedIn: false, userId: null, sessionId: null, orgId: null });
    expect(await result.current.getToken()).toBeNull();
  });

  it('useAuth_SignInElsewhere_RerendersWithIdentityAndGetToken', async () => {
    const { w, latchkey, wrapper } = setup();
    const { result } = renderHook(() => useAuth(), { wrapper });
    const firstGetToken = result.current.getToken;
    await signIn(w, latchkey);
    await waitFor(() => expect(result.current.isSignedIn).toBe(true));
    expect(result.current.userId).toBe(latchkey.user?.id);
    expect(result.current.sessionId).toBe(latchkey.session?.id);
    expect(result.current.getToken).toBe(firstGetToken);
    expect(claims(await result.current.getToken())['sid']).toBe(latchkey.session?.id);
  });

  it('useAuth_SetActiveOrganization_OrgFieldsAndHas', async () => {
    const { w, latchkey, wrapper } = setup();
    const { result } = renderHook(() => useAuth(), { wrapper });
    await signIn(w, latchkey);
    await act(() => latchkey.setActive({ organization: 'acme' }));
    await waitFor(() => expect(result.current.orgId).toBe('org_1'));
    expect(result.current.orgSlug).toBe('acme');
    expect(result.current.orgRole).toBe('org:admin');
    expect(result.current.has({ role: 'admin' })).toBe(true);
    expect(result.current.has({ role: 'member' })).toBe(false);
  });

  it('SignedInSignedOut_FollowTheSession', async () => {
    const { w, latchkey, wrapper } = setup();
    render(
      <>
        <SignedIn>in</SignedIn>
        <SignedOut>out</SignedOut>
      </>,
      { wrapper },
    );
    expect(screen.queryByText('in')).toBeNull();
    expect(screen.queryByText('out')).toBeNull(); // not loaded yet: neither
    await screen.findByText('out');
    await signIn(w, latchkey);
    await screen.findByText('in');
    expect(screen.queryByText('out')).toBeNull();
  });

  it('signOut_FromUseAuth_ShowsSignedOut', async () => {
    const { w, latchkey, wrapper } = setup();
    function Page() {
      const { signOut, isSignedIn } = useAuth();
      return isSignedIn ? <button onClick={() => void signOut()}>sign out</button> : <SignedOut>bye</SignedOut>;
    }
    render(<Page />, { wrapper });
    await signIn(w, latchkey);
    const button = await screen.findByText('sign out');
    await act(async () => button.click());
    await screen.findByText('bye');
    expect(latchkey.isSignedIn).toBe(false);
  });

  it('Protect_RoleAndPermission_ChildrenOrFallback', async () => {
    const { w, latchkey, wrapper } = setup();
    render(
      <>
        <Protect role="admin" fallback={<span>no admin</span>}>
          <span>admin area</span>
        </Protect>
        <Protect permission="org:invoices:read" fallback={<span>no read</span>}>
          <span>invoices</span>
        </Protect>
        <Protect condition={(has) => has({ role: 'org:admin' }) || has({ role: 'org:owner' })}>
          <span>custom</span>
        </Protect>
        <Protect fallback={<span>sign in first</span>}>
          <span>any member</span>
        </Protect>
      </>,
      { wrapper },
    );
    await signIn(w, latchkey);
    await screen.findByText('any member');
    expect(screen.getByText('no admin')).toBeTruthy(); // personal account: no org role yet
    expect(screen.getByText('no read')).toBeTruthy();
    expect(screen.queryByText('custom')).toBeNull();
    await act(() => latchkey.setActive({ organization: 'org_1' }));
    await screen.findByText('admin area');
    expect(screen.getByText('invoices')).toBeTruthy(); // fake grants read,manage on invoices
    expect(screen.getByText('custom')).toBeTruthy();
    await act(() => latchkey.signOut());
    await screen.findByText('sign in first');
  });

  it('useUserUseSession_SignedIn_ObjectsOfTheActiveSession', async () => {
    const { w, latchkey, wrapper } = setup();
    const { result } = renderHook(() => ({ user: useUser(), session: useSession() }), { wrapper });
    await signIn(w, latchkey);
    await waitFor(() => expect(result.current.user.isSignedIn).toBe(true));
    expect(result.current.user.user?.primaryEmailAddress).toBe('ada@example.com');
    expect(result.current.session.session?.id).toBe(latchkey.session?.id);
    expect(await result.current.session.session?.getToken()).toBe(await latchkey.getToken());
  });

  it('LatchkeyProvider_PublishableKey_CreatesAndLoadsItsOwnInstance', async () => {
    const w = world();
    const tab = w.tab();
    function Probe() {
      const latchkey = useLatchkey();
      instances.push(latchkey);
      const { isLoaded } = useAuth();
      return <span>{isLoaded ? `loaded ${latchkey.frontendApiUrl}` : 'loading'}</span>;
    }
    render(
      <LatchkeyProvider publishableKey={DEV_KEY} frontendApiUrl={w.fapi.origin} options={{ platform: tab.platform() }}>
        <Probe />
      </LatchkeyProvider>,
    );
    await screen.findByText(`loaded ${w.fapi.origin}`);
    expect(w.fapi.countRequests('GET', /^\/client$/)).toBe(1);
  });
});
