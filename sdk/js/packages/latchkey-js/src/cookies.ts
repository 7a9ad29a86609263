import type { Platform } from './platform.js';

/** Cookie names of the protocol (§1.5, §2.1). */
export const CookieNames = {
  Session: '__session',
  ClientUat: '__client_uat',
  DevBrowser: '__clerk_db_jwt',
  ActiveContext: 'clerk_active_context',
  EtldProbe: '__clerk_test_etld',
} as const;

/** Hosts that embed apps in third-party frames, so their cookies need SameSite=None (§2.4). */
const EMBEDDING_SUFFIXES = [
  '.lovable.app',
  '.lovableproject.com',
  '.webcontainer-api.io',
  '.vusercontent.net',
  '.v0.dev',
  '.v0.app',
  '.lp.dev',
  '.replit.dev',
];
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

/** Attributes of one write. */
export interface CookieAttributes {
  sameSite?: 'Lax' | 'Strict' | 'None';
  secure: boolean;
  partitioned?: boolean;
  domain?: string;
  /** Absolute expiry (ms); a session cookie when absent. */
  expiresAt?: number;
}

// RFC 6265 cookie-octet minus '%': everything else is percent-encoded so reads can decode.
const encodeValue = (v: string): string => v.replace(/[^!#$&-+\--:<-[\]-~]/g, encodeURIComponent);

/**
 * Reads and writes the SDK's cookies on the page's host with the attributes of protocol §2.4.
 * Every `set` of a suffixed family writes both the plain and the suffixed name.
 */
export class CookieJar {
  private etld: string | undefined;

  constructor(
    private readonly platform: Platform,
    private readonly suffix: string,
    private readonly partitionedFlag: () => boolean,
  ) {}

  private get url(): URL | undefined {
    const href = this.platform.window?.location.href;
    return href ? new URL(href) : undefined;
  }

  /** Reads one cookie, `undefined` when absent. */
  get(name: string): string | undefined {
    const jar = this.platform.document?.cookie ?? '';
    for (const pair of jar.split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && pair.slice(0, eq).trim() === name) {
        try {
          return decodeURIComponent(pair.slice(eq + 1).trim());
        } catch {
          return pair.slice(eq + 1).trim();
        }
      }
    }
    return undefined;
  }

  /** Reads a suffixed family, preferring the suffixed name (§2.3). */
  getFamily(base: string): string | undefined {
    return this.get(`${base}_${this.suffix}`) ?? this.get(base);
  }

  /** Writes one raw cookie. */
  private write(name: string, value: string, a: CookieAttributes): void {
    const doc = this.platform.document;
    if (!doc) return;
    let line = `${name}=${encodeValue(value)}; Path=/`;
    if (a.domain) line += `; Domain=${a.domain}`;
    if (a.expiresAt !== undefined) line += `; Expires=${new Date(a.expiresAt).toUTCString()}`;
    if (a.sameSite) line += `; SameSite=${a.sameSite}`;
    if (a.secure) line += '; Secure';
    if (a.partitioned) line += '; Partitioned';
    doc.cookie = line;
  }

  private remove(name: string, domain?: string): void {
    const doc = this.platform.document;
    if (!doc) return;
    doc.cookie = `${name}=; Path=/${domain ? `; Domain=${domain}` : ''}; Expires=${EPOCH}; Max-Age=0`;
  }

  /** SameSite of §2.4: None for partitioned instances, cross-origin iframes and embedding hosts. */
  sameSite(): 'Lax' | 'None' {
    const host = this.url?.hostname ?? '';
    const embedded = EMBEDDING_SUFFIXES.some((s) => host.endsWith(s));
    return this.partitionedFlag() || this.inCrossOriginIframe() || embedded ? 'None' : 'Lax';
  }

  /** Secure of §2.4: https, or (for SameSite=None off https) a secure context outside Safari. */
  secure(sameSite: string): boolean {
    const url = this.url;
    if (url?.protocol === 'https:') return true;
    if (sameSite !== 'None') return false;
    const ua = this.platform.navigator?.userAgent ?? '';
    if (/^((?!chrome|android).)*safari/i.test(ua)) return false;
    return this.platform.window?.isSecureContext ?? url?.hostname === 'localhost';
  }

  private attributes(sameSite?: 'Lax' | 'Strict' | 'None'): CookieAttributes {
    const computed = this.sameSite();
    const secure = this.secure(computed);
    const effective = computed === 'None' ? 'None' : (sameSite ?? computed);
    return {
      sameSite: effective,
      secure,
      partitioned: this.partitionedFlag() && secure,
      expiresAt: Date.now() + YEAR_MS,
    };
  }

  /** Writes (or with `null` removes) both names of a host-only family: `__session`, `__clerk_db_jwt`. */
  setHostFamily(base: string, value: string | null): void {
    for (const name of [base, `${base}_${this.suffix}`]) {
      if (value === null) this.remove(name);
      else this.write(name, value, this.attributes());
    }
  }

  /**
   * Writes `__client_uat` (both names) on the eTLD+1 with SameSite=Strict, after deleting
   * host-only copies so only the domain-wide cookie survives (§2.2, development instances).
   */
  setClientUat(value: string): void {
    const domain = this.registrableDomain();
    const hostOnly = domain === this.url?.hostname;
    for (const name of [CookieNames.ClientUat, `${CookieNames.ClientUat}_${this.suffix}`]) {
      if (!hostOnly) this.remove(name);
      this.write(name, value, { ...this.attributes('Strict'), ...(hostOnly ? {} : { domain }) });
    }
  }

  /** Writes (or with `null` removes) `clerk_active_context` as a session cookie (§2.1). */
  setActiveContext(value: string | null): void {
    if (value === null) {
      this.remove(CookieNames.ActiveContext);
      return;
    }
    const url = this.url;
    const secure = url?.protocol === 'https:' || (this.platform.window?.isSecureContext ?? false);
    this.write(CookieNames.ActiveContext, value, { secure });
  }

  /**
   * The registrable domain (eTLD+1) found by the `__clerk_test_etld` probe: the shortest
   * suffix of the host on which the browser accepts a cookie. Loopback, IP and single-label
   * hosts are their own domain (§2.2). Cached for the page's lifetime.
   */
  registrableDomain(): string {
    if (this.etld !== undefined) return this.etld;
    const host = this.url?.hostname ?? '';
    const labels = host.split('.');
    let result = host;
    const isIp = /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[');
    if (!isIp && host !== 'localhost' && labels.length > 1) {
      for (let i = labels.length - 2; i > 0; i--) {
        const candidate = labels.slice(i).join('.');
        this.write(CookieNames.EtldProbe, '1', { domain: candidate, secure: false });
        if (this.get(CookieNames.EtldProbe) === '1') {
          this.remove(CookieNames.EtldProbe, candidate);
          result = candidate;
          break;
        }
      }
    }
    this.etld = result;
    return result;
  }

  /** True when the page runs in a frame of another origin. */
  inCrossOriginIframe(): boolean {
    const w = this.platform.window;
    if (!w || w.top === undefined || w.top === w.self) return false;
    try {
      return (w.top as { location: { origin: string } }).location.origin !== this.url?.origin;
    } catch {
      return true;
    }
  }
}
