import type { ReactNode } from 'react';
import type { HasParams } from '@latchkey/js';
import { useLatchkeyState } from './hooks.js';

/** Props of {@link SignedIn} and {@link SignedOut}. */
export interface ControlProps {
  /** What to render when the condition holds. */
  children?: ReactNode;
}

/** Renders its children only once loaded and signed in. */
export function SignedIn({ children }: ControlProps): ReactNode {
  const state = useLatchkeyState('SignedIn');
  return state.isLoaded && state.isSignedIn ? children : null;
}

/** Renders its children only once loaded and signed out. */
export function SignedOut({ children }: ControlProps): ReactNode {
  const state = useLatchkeyState('SignedOut');
  return state.isLoaded && !state.isSignedIn ? children : null;
}

/** Props of {@link Protect}. */
export interface ProtectProps extends HasParams {
  /** A custom check, given `has`; combined with `role`/`permission` when both are set. */
  condition?: (has: (params: HasParams) => boolean) => boolean;
  /** Rendered when signed out or not authorized. Default nothing. */
  fallback?: ReactNode;
  /** Rendered when authorized. */
  children?: ReactNode;
}

/**
 * Renders its children when signed in and (if given) the active organization grants `role`,
 * `permission` and `condition`; else `fallback`. UI only: the backend must check too.
 * @example
 * ```tsx
 * <Protect permission="org:invoices:read" fallback={<p>Ask an admin.</p>}><Invoices /></Protect>
 * ```
 */
export function Protect({ role, permission, condition, fallback = null, children }: ProtectProps): ReactNode {
  const state = useLatchkeyState('Protect');
  if (!state.isLoaded || !state.isSignedIn) return fallback;
  const has = (params: HasParams): boolean => state.auth.has(params);
  const check: HasParams = { ...(role !== undefined ? { role } : {}), ...(permission !== undefined ? { permission } : {}) };
  const byClaims = role === undefined && permission === undefined ? true : has(check);
  const byCondition = condition ? condition(has) : true;
  return byClaims && byCondition ? children : fallback;
}
