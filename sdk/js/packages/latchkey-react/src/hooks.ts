import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { GetTokenOptions, HasParams, LatchkeyState, Session, User } from '@latchkey/js';
import { useLatchkey } from './context.js';

/**
 * What {@link useAuth} returns. Before the instance has loaded, `isLoaded` is false and the
 * identity fields are `undefined`; signed out they are `null`.
 */
export interface UseAuthReturn {
  /** True once the instance has loaded. */
  readonly isLoaded: boolean;
  /** Whether a session is active; undefined before load. */
  readonly isSignedIn: boolean | undefined;
  /** User id (`sub`); null signed out, undefined before load. */
  readonly userId: string | null | undefined;
  /** Session id (`sid`). */
  readonly sessionId: string | null | undefined;
  /** Active organization id. */
  readonly orgId: string | null | undefined;
  /** Active organization role, `org:`-prefixed. */
  readonly orgRole: string | null | undefined;
  /** Active organization slug. */
  readonly orgSlug: string | null | undefined;
  /** Role/permission check in the active organization; false when signed out. */
  has(params: HasParams): boolean;
  /** A fresh session token (`null` signed out); see `Session.getToken`. Stable identity. */
  getToken(options?: GetTokenOptions): Promise<string | null>;
  /** Signs out (all sessions, or `{ sessionId }`). Stable identity. */
  signOut(options?: { sessionId?: string }): Promise<void>;
}

/** @internal Subscribes to the instance's state with `useSyncExternalStore`. */
export function useLatchkeyState(hook: string): LatchkeyState {
  const latchkey = useLatchkey(hook);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const remove = latchkey.addListener(onChange);
      return () => void remove();
    },
    [latchkey],
  );
  const snapshot = useCallback(() => latchkey.state, [latchkey]);
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/**
 * The signed-in identity, organization facts, `getToken` and `signOut`.
 * @throws Error outside `<LatchkeyProvider>`
 * @example
 * ```tsx
 * const { isSignedIn, getToken } = useAuth();
 * const data = await fetch(url, { headers: { Authorization: `Bearer ${await getToken()}` } });
 * ```
 */
export function useAuth(): UseAuthReturn {
  const latchkey = useLatchkey('useAuth');
  const state = useLatchkeyState('useAuth');
  const getToken = useCallback((options?: GetTokenOptions) => latchkey.getToken(options), [latchkey]);
  const signOut = useCallback((options?: { sessionId?: string }) => latchkey.signOut(options), [latchkey]);
  return useMemo(() => {
    const loaded = state.isLoaded;
    const pick = <T,>(value: T): T | undefined => (loaded ? value : undefined);
    return {
      isLoaded: loaded,
      isSignedIn: pick(state.isSignedIn),
      userId: pick(state.auth.userId),
      sessionId: pick(state.auth.sessionId),
      orgId: pick(state.auth.orgId),
      orgRole: pick(state.auth.orgRole),
      orgSlug: pick(state.auth.orgSlug),
      has: (params: HasParams) => state.auth.has(params),
      getToken,
      signOut,
    };
  }, [state, getToken, signOut]);
}

/** What {@link useUser} returns. */
export interface UseUserReturn {
  /** True once the instance has loaded. */
  readonly isLoaded: boolean;
  /** Whether a session is active; undefined before load. */
  readonly isSignedIn: boolean | undefined;
  /** The active session's user; null signed out, undefined before load. */
  readonly user: User | null | undefined;
}

/**
 * The active session's user.
 * @throws Error outside `<LatchkeyProvider>`
 */
export function useUser(): UseUserReturn {
  const state = useLatchkeyState('useUser');
  return useMemo(
    () =>
      state.isLoaded
        ? { isLoaded: true, isSignedIn: state.isSignedIn, user: state.user }
        : { isLoaded: false, isSignedIn: undefined, user: undefined },
    [state],
  );
}

/** What {@link useSession} returns. */
export interface UseSessionReturn {
  /** True once the instance has loaded. */
  readonly isLoaded: boolean;
  /** Whether a session is active; undefined before load. */
  readonly isSignedIn: boolean | undefined;
  /** The active session (with `getToken`); null signed out, undefined before load. */
  readonly session: Session | null | undefined;
}

/**
 * The active session.
 * @throws Error outside `<LatchkeyProvider>`
 */
export function useSession(): UseSessionReturn {
  const state = useLatchkeyState('useSession');
  return useMemo(
    () =>
      state.isLoaded
        ? { isLoaded: true, isSignedIn: state.isSignedIn, session: state.session }
        : { isLoaded: false, isSignedIn: undefined, session: undefined },
    [state],
  );
}
