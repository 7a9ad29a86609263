/**
 * A small in-memory browser for unit tests: one cookie jar shared by every tab (as in a real
 * browser), tabs with their own focus/visibility/online state and event targets, a
 * BroadcastChannel hub and a Web Locks manager shared by the tabs.
 */
import type { ChannelLike, LockManagerLike, Platform } from '../../src/platform.js';

/** A stored cookie. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  expiresAt: number | undefined;
  sameSite: string | undefined;
  secure: boolean;
  partitioned: boolean;
}

/** A parsed `document.cookie` write. */
export interface CookieWrite {
  raw: string;
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

const PUBLIC_SUFFIXES = new Set(['com', 'net', 'org', 'dev', 'app', 'io', 'uk', 'co.uk', 'test']);

/** The browser's cookie store, shared by every tab. Enforces Domain rules like a browser. */
export class CookieStore {
  readonly cookies = new Map<string, StoredCookie>();
  readonly writes: CookieWrite[] = [];

  /** Applies a `document.cookie = raw` write made by a page at `pageUrl`. */
  write(raw: string, pageUrl: URL): void {
    const [pair = '', ...attrs] = raw.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (a.trim() === '') continue;
      if (i < 0) attributes[a.trim().toLowerCase()] = true;
      else attributes[a.slice(0, i).trim().toLowerCase()] = a.slice(i + 1).trim();
    }
    this.writes.push({ raw, name, value, attributes });
    const host = pageUrl.hostname;
    let domain = host;
    let hostOnly = true;
    if (typeof attributes['domain'] === 'string') {
      const d = attributes['domain'].replace(/^\./, '').toLowerCase();
      const isIp = /^[\d.]+$/.test(host);
      if (PUBLIC_SUFFIXES.has(d)) return; // the browser refuses cookies on public suffixes
      if (isIp ? d !== host : !(host === d || host.endsWith(`.${d}`))) return;
      domain = d;
      hostOnly = isIp;
    }
    let expiresAt: number | undefined;
    if (attributes['max-age'] !== undefined) expiresAt = Date.now() + Number(attributes['max-age']) * 1000;
    else if (typeof attributes['expires'] === 'string') expiresAt = Date.parse(attributes['expires']);
    const key = `${name}|${domain}|${hostOnly}`;
    if (expiresAt !== undefined && expiresAt <= Date.now()) {
      this.cookies.delete(key);
      return;
    }
    this.cookies.set(key, {
      name,
      value,
      domain,
      hostOnly,
      expiresAt,
      sameSite: typeof attributes['samesite'] === 'string' ? attributes['samesite'] : undefined,
      secure: attributes['secure'] === true,
      partitioned: attributes['partitioned'] === true,
    });
  }

  /** The cookies a page at `pageUrl` sees. */
  visible(pageUrl: URL): StoredCookie[] {
    const host = pageUrl.hostname;
    return [...this.cookies.values()].filter(
      (c) =>
        (c.expiresAt === undefined || c.expiresAt > Date.now()) &&
        (c.hostOnly ? c.domain === host : host === c.domain || host.endsWith(`.${c.domain}`)),
    );
  }

  /** `document.cookie` as read by a page at `pageUrl`. */
  read(pageUrl: URL): string {
    return this.visible(pageUrl)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** One visible cookie by name (first match). */
  get(name: string, pageUrl: URL): StoredCookie | undefined {
    return this.visible(pageUrl).find((c) => c.name === name);
  }

  /** The last write of a cookie name. */
  lastWrite(name: string): CookieWrite | undefined {
    return [...this.writes].reverse().find((w) => w.name === name);
  }
}

/** BroadcastChannel for tabs of one browser: delivers to every other channel of that name. */
export class ChannelHub {
  private readonly channels = new Set<{ name: string; port: ChannelLike }>();
  readonly posted: unknown[] = [];

  open(name: string): ChannelLike {
    const hub = this;
    const entry: { name: string; port: ChannelLike } = {
      name,
      port: {
        onmessage: null,
        postMessage(message: unknown) {
          hub.posted.push(message);
          const data = structuredClone(message);
          for (const other of hub.channels) {
            if (other === entry || other.name !== name) continue;
            // Real channels deliver asynchronously, as a task.
            void Promise.resolve().then(() => other.port.onmessage?.(new MessageEvent('message', { data })));
          }
        },
        close() {
          hub.channels.delete(entry);
        },
      },
    };
    this.channels.add(entry);
    return entry.port;
  }
}

/** Web Locks (`navigator.locks`) shared by the tabs of one browser: exclusive, FIFO. */
export class LockHub implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly queues = new Map<string, (() => void)[]>();
  /** How many requests found their lock held. */
  contended = 0;

  async request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T> {
    if (this.held.has(name)) {
      this.contended++;
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve, reject) => {
        const queue = this.queues.get(name) ?? [];
        this.queues.set(name, queue);
        const grant = (): void => resolve();
        queue.push(grant);
        options.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(grant);
          if (i >= 0) queue.splice(i, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      });
    }
    this.held.add(name);
    try {
      return await callback({ name });
    } finally {
      const next = this.queues.get(name)?.shift();
      if (next) next();
      else this.held.delete(name);
    }
  }
}

/** One browser: a cookie store, a channel hub and locks shared by its tabs. */
export class FakeBrowser {
  readonly cookies = new CookieStore();
  readonly channels = new ChannelHub();
  readonly locks = new LockHub();

  constructor(readonly fetch: Platform['fetch']) {}

  /** Opens a tab at `url`. */
  tab(url: string, options: { locks?: boolean; channels?: boolean } = {}): FakeTab {
    return new FakeTab(this, url, options);
  }
}

/** One tab: its own window/document with focus, visibility and online state. */
export class FakeTab {
  readonly window: EventTarget & {
    location: { href: string };
    isSecureContext: boolean;
    history: { replaceState(data: unknown, unused: string, url?: string): void };
    self: unknown;
    top: unknown;
  };
  readonly document: EventTarget & { cookie: string; visibilityState: string; hasFocus(): boolean };
  focused = true;
  visibility: 'visible' | 'hidden' = 'visible';
  online = true;

  constructor(
    readonly browser: FakeBrowser,
    url: string,
    private readonly options: { locks?: boolean; channels?: boolean },
  ) {
    const tab = this;
    const win = new EventTarget() as FakeTab['window'];
    const location = { href: url };
    Object.assign(win, {
      location,
      isSecureContext: new URL(url).protocol === 'https:' || ['127.0.0.1', 'localhost'].includes(new URL(url).hostname),
      history: { replaceState: (_d: unknown, _u: string, next?: string) => next && (location.href = next) },
    });
    win.self = win;
    win.top = win;
    this.window = win;
    const doc = new EventTarget() as FakeTab['document'];
    Object.defineProperties(doc, {
      cookie: {
        get: () => browser.cookies.read(new URL(location.href)),
        set: (raw: string) => browser.cookies.write(raw, new URL(location.href)),
      },
      visibilityState: { get: () => tab.visibility },
      hasFocus: { value: () => tab.focused },
    });
    this.document = doc;
  }

  /** The tab's URL. */
  get url(): URL {
    return new URL(this.window.location.href);
  }

  /** Platform for a Latchkey instance in this tab. */
  platform(): Partial<Platform> {
    const tab = this;
    return {
      fetch: this.browser.fetch,
      window: this.window,
      document: this.document,
      navigator: {
        get onLine() {
          return tab.online;
        },
        ...(this.options.locks === false ? {} : { locks: this.browser.locks }),
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
      },
      channel: (name) => (this.options.channels === false ? undefined : this.browser.channels.open(name)),
    };
  }

  focus(): void {
    this.focused = true;
    if (this.visibility === 'hidden') this.show();
    this.window.dispatchEvent(new Event('focus'));
  }

  blur(): void {
    this.focused = false;
    this.window.dispatchEvent(new Event('blur'));
  }

  hide(): void {
    this.focused = false;
    this.visibility = 'hidden';
    this.document.dispatchEvent(new Event('visibilitychange'));
  }

  show(): void {
    this.visibility = 'visible';
    this.document.dispatchEvent(new Event('visibilitychange'));
  }

  goOffline(): void {
    this.online = false;
    this.window.dispatchEvent(new Event('offline'));
  }

  goOnline(): void {
    this.online = true;
    this.window.dispatchEvent(new Event('online'));
  }
}
