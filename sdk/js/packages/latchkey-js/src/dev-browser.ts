import { CookieNames, type CookieJar } from './cookies.js';
import { ErrorCodes, LatchkeyError } from './errors.js';
import type { Platform } from './platform.js';

/**
 * The dev browser of protocol §7.1: a development instance's stand-in for the `__client`
 * cookie. Looked up in the URL (`__clerk_db_jwt`, then stripped), then in the cookies
 * (suffixed first), else created with `POST /v1/dev_browser`. Kept in `__clerk_db_jwt`
 * (both names) and sent as a query parameter on every frontend API call.
 */
export class DevBrowser {
  /** The current dev-browser JWT. */
  token: string | undefined;
  private creating: Promise<boolean> | undefined;

  constructor(
    private readonly platform: Platform,
    private readonly cookies: CookieJar,
    private readonly create: () => Promise<unknown>,
  ) {}

  /** Finds or creates the dev browser; rejects with `dev-browser-failed`. */
  async setup(): Promise<void> {
    const token = this.takeFromUrl() ?? this.cookies.getFamily(CookieNames.DevBrowser);
    if (token) this.set(token);
    else if (!(await this.recreate())) {
      throw new LatchkeyError(ErrorCodes.DevBrowserFailed, 'Could not create the dev browser (POST /v1/dev_browser).');
    }
  }

  /** Stores a token (from creation or a `Clerk-Db-Jwt` rotation) in memory and cookies. */
  set(token: string): void {
    this.token = token;
    this.cookies.setHostFamily(CookieNames.DevBrowser, token);
  }

  /**
   * Drops the current token and creates a new one. Concurrent callers share the attempt, and
   * a caller whose `rejected` token was already replaced gets true without a new creation.
   * @param rejected - the token the server refused (undefined: replace unconditionally)
   */
  recreate(rejected?: string): Promise<boolean> {
    if (!this.creating && rejected !== undefined && this.token !== undefined && this.token !== rejected) {
      return Promise.resolve(true);
    }
    this.creating ??= (async () => {
      this.token = undefined;
      this.cookies.setHostFamily(CookieNames.DevBrowser, null);
      try {
        const json = (await this.create()) as { id?: unknown } | null;
        if (typeof json?.id !== 'string' || json.id === '') return false;
        this.set(json.id);
        return true;
      } catch {
        return false;
      } finally {
        this.creating = undefined;
      }
    })();
    return this.creating;
  }

  private takeFromUrl(): string | undefined {
    const w = this.platform.window;
    if (!w) return undefined;
    const url = new URL(w.location.href);
    const token = url.searchParams.get(CookieNames.DevBrowser) ?? undefined;
    if (token !== undefined || url.searchParams.has('__dev_session')) {
      url.searchParams.delete(CookieNames.DevBrowser);
      url.searchParams.delete('__dev_session');
      w.history?.replaceState(null, '', url.toString());
    }
    return token || undefined;
  }
}
