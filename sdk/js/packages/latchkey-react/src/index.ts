/**
 * `@latchkey/react`: React bindings over `@latchkey/js`.
 * @packageDocumentation
 */
export { LatchkeyProvider, type LatchkeyProviderProps } from './provider.js';
export { useLatchkey } from './context.js';
export { useAuth, useUser, useSession, type UseAuthReturn, type UseUserReturn, type UseSessionReturn } from './hooks.js';
export { SignedIn, SignedOut, Protect, type ControlProps, type ProtectProps } from './components.js';
