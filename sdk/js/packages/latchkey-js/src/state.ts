import { authFromClaims, type AuthState } from './auth.js';
import type { DecodedJwt } from './jwt.js';
import type { Client, Session, User } from './resources.js';

/** A snapshot of the instance; a new object after every change (for `useSyncExternalStore`). */
export interface LatchkeyState {
  /** True once `load()` finished. */
  readonly isLoaded: boolean;
  /** The client (this browser), null before load or when the server has none. */
  readonly client: Client | null;
  /** The active session, null when signed out. */
  readonly session: Session | null;
  /** The active session's user. */
  readonly user: User | null;
  /** True when a session is active. */
  readonly isSignedIn: boolean;
  /** Identity and organization facts of the active session's token. */
  readonly auth: AuthState;
}

/** Listener of `Latchkey.addListener`. */
export type LatchkeyListener = (state: LatchkeyState) => void;

const SIGNED_OUT_AUTH = authFromClaims(null);

/**
 * Holds the current {@link LatchkeyState} and its listeners. A new snapshot (and a
 * notification) only when something a UI shows changed: a token refresh with the same
 * identity and organization keeps the snapshot, so React does not re-render every 43 s.
 */
export class StateStore {
  /** The current snapshot. */
  current: LatchkeyState = { isLoaded: false, client: null, session: null, user: null, isSignedIn: false, auth: SIGNED_OUT_AUTH };
  private readonly listeners = new Set<LatchkeyListener>();

  /** Adds a listener; returns its removal. */
  subscribe(listener: LatchkeyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private holding = 0;
  private held = false;

  /**
   * Runs `work` with notifications held back: listeners hear once, at the end, of the state
   * it left (so a listener never sees a step half done, e.g. signed in before the cookie).
   */
  batch(work: () => void): void {
    this.holding++;
    try {
      work();
    } finally {
      if (--this.holding === 0 && this.held) {
        this.held = false;
        this.notify();
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }

  /**
   * Publishes a new state; `auth` is derived from the active session's token (`jwt`, when it
   * belongs to that session) or, before its first token, from the session alone.
   */
  set(next: Omit<LatchkeyState, 'auth'>, jwt: DecodedJwt | undefined): void {
    const auth = authFor(next.session, jwt);
    const prev = this.current;
    const same =
      prev.isLoaded === next.isLoaded &&
      prev.client === next.client &&
      prev.session === next.session &&
      prev.auth.userId === auth.userId &&
      prev.auth.sessionId === auth.sessionId &&
      prev.auth.orgId === auth.orgId &&
      prev.auth.orgRole === auth.orgRole &&
      prev.auth.orgSlug === auth.orgSlug &&
      prev.auth.orgPermissions.join() === auth.orgPermissions.join();
    if (same) return;
    this.current = { ...next, auth };
    if (this.holding > 0) this.held = true;
    else this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener(this.current);
  }
}

function authFor(session: Session | null, jwt: DecodedJwt | undefined): AuthState {
  if (!session) return SIGNED_OUT_AUTH;
  if (jwt && jwt.claims.sid === session.id) return authFromClaims(jwt.claims);
  return authFromClaims({ iat: 0, exp: 1, sub: session.user?.id ?? '', sid: session.id });
}
