/**
 * The browser facilities the SDK touches. By default they are the page's own globals; tests
 * (and unusual hosts) pass replacements through `LatchkeyOptions.platform`. Timers and the
 * clock are always the globals `setTimeout` and `Date.now`, so fake timers govern them.
 */

/** The part of `EventTarget` the SDK uses. */
export interface EventTargetLike {
  /** Adds an event listener. */
  addEventListener(type: string, listener: (event: Event) => void): void;
  /** Removes an event listener. */
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** The part of `Document` the SDK uses. */
export interface DocumentLike extends EventTargetLike {
  /** `document.cookie`: reading lists name=value pairs, writing sets one cookie. */
  cookie: string;
  /** `visible` or `hidden`. */
  readonly visibilityState?: string;
  /** Whether the page has focus. */
  hasFocus?(): boolean;
}

/** The part of `Window` the SDK uses. */
export interface WindowLike extends EventTargetLike {
  /** The page's URL. */
  readonly location: { readonly href: string };
  /** Whether the page is a secure context (https, or loopback). */
  readonly isSecureContext?: boolean;
  /** Used to strip `__clerk_db_jwt` from the address bar. */
  readonly history?: { replaceState(data: unknown, unused: string, url?: string): void };
  /** The page's own window, to detect iframes. */
  readonly self?: unknown;
  /** The top-level window, to detect iframes. */
  readonly top?: unknown;
  /** Dispatches events (the script-tag build announces `latchkey:loaded`). */
  dispatchEvent?(event: Event): boolean;
}

/** A held or granted Web Lock. */
export interface LockManagerLike {
  /** `navigator.locks.request` with options. */
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<T> | T,
  ): Promise<T>;
}

/** The part of `BroadcastChannel` the SDK uses. */
export interface ChannelLike {
  /** Posts a structured-cloneable message to the other tabs. */
  postMessage(message: unknown): void;
  /** Receives messages from the other tabs. */
  onmessage: ((event: MessageEvent) => void) | null;
  /** Stops receiving. */
  close(): void;
}

/** Everything the SDK touches in the browser. */
export interface Platform {
  /** `fetch`, for frontend API calls and `latchkey.fetch`. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The document, absent outside browsers. */
  document: DocumentLike | undefined;
  /** The window, absent outside browsers. */
  window: WindowLike | undefined;
  /** `navigator.onLine`, `navigator.locks` and `navigator.userAgent`, when present. */
  navigator: { readonly onLine?: boolean; readonly locks?: LockManagerLike; readonly userAgent?: string } | undefined;
  /** Opens a `BroadcastChannel`; returns undefined where there is none. */
  channel(name: string): ChannelLike | undefined;
}

/** The page's own facilities, read from the globals at call time. */
export function browserPlatform(overrides: Partial<Platform> = {}): Platform {
  const g = globalThis as unknown as {
    fetch: Platform['fetch'];
    document?: DocumentLike;
    window?: WindowLike;
    navigator?: Platform['navigator'];
    BroadcastChannel?: new (name: string) => ChannelLike;
  };
  return {
    fetch: (input, init) => g.fetch(input, init),
    document: g.document,
    window: g.window,
    navigator: g.navigator,
    channel: (name) => (typeof g.BroadcastChannel === 'function' ? new g.BroadcastChannel(name) : undefined),
    ...overrides,
  };
}
