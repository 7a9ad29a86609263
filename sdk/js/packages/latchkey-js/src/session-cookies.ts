import { authFromClaims } from './auth.js';
import { CookieNames, type CookieJar } from './cookies.js';
import { decodeJwt, isFresher, type DecodedJwt } from './jwt.js';
import type { Platform } from './platform.js';
import type { Client, Session } from './resources.js';

/**
 * Writes the cookies through which backends see the session state: `__session` (both
 * names) under the write guards of protocol §9.7, `clerk_active_context`, and in
 * development `__client_uat` (§2.2, §9.8, §9.9).
 */
export class SessionCookies {
  /**
   * @param writesClientUat - development instance whose app host is not under the frontend
   * API host (clerk-js writes `__client_uat` only then; in production the server does)
   */
  constructor(
    private readonly platform: Platform,
    private readonly cookies: CookieJar,
    private readonly writesClientUat: boolean,
  ) {}

  /** True when this page should write `__client_uat` for the given instance. */
  static writesClientUat(platform: Platform, development: boolean, frontendApiUrl: string): boolean {
    const href = platform.window?.location.href;
    if (!development || !href) return false;
    const fapiHost = new URL(frontendApiUrl).host.replace(/^clerk\./, '');
    return !new URL(href).host.endsWith(fapiHost);
  }

  /** Writes a new token of the active session unless a guard forbids it. */
  writeToken(jwt: DecodedJwt, session: Session, client: Client | null): void {
    const cookies = this.cookies;
    const context = `${session.id}:${session.lastActiveOrganizationId ?? ''}`;
    const doc = this.platform.document;
    const activeContext = cookies.get(CookieNames.ActiveContext);
    const focused = doc?.hasFocus?.() ?? true;
    const visibleFrame = cookies.inCrossOriginIframe() && doc?.visibilityState === 'visible';
    // Another tab's session or organization owns the cookie while this tab is in the background.
    if (!focused && !visibleFrame && activeContext !== undefined && activeContext !== context) return;
    const currentRaw = cookies.getFamily(CookieNames.Session);
    if (currentRaw === jwt.raw) return;
    const current = currentRaw === undefined ? null : decodeJwt(currentRaw);
    // Never replace an unexpired, fresher token of the same session and organization.
    if (
      current &&
      current.claims.sid === jwt.claims.sid &&
      authFromClaims(current.claims).orgId === authFromClaims(jwt.claims).orgId &&
      current.claims.exp * 1000 > Date.now() &&
      isFresher(current, jwt)
    ) {
      return;
    }
    cookies.setHostFamily(CookieNames.Session, jwt.raw);
    cookies.setActiveContext(context);
    this.writeClientUat(client);
  }

  /** Signed out: removes `__session` (both names) and the context, `__client_uat=0` in development. */
  writeSignedOut(client: Client | null): void {
    this.cookies.setActiveContext(null);
    this.cookies.setHostFamily(CookieNames.Session, null);
    this.writeClientUat(client);
  }

  /** `__client_uat` = the client's last change in seconds while signed in, else `0`. */
  private writeClientUat(client: Client | null): void {
    if (!this.writesClientUat) return;
    const signedIn = (client?.signedInSessions.length ?? 0) > 0 && client?.updatedAt != null;
    this.cookies.setClientUat(signedIn ? String(Math.floor((client?.updatedAt ?? 0) / 1000)) : '0');
  }

  /** The `__session` value now in the jar (suffixed name first). */
  current(): string | undefined {
    return this.cookies.getFamily(CookieNames.Session);
  }
}
