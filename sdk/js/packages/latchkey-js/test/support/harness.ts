/** Builds a fake world: one browser, a fake frontend API, a cross-origin API stub. */
import { vi } from 'vitest';
import { Latchkey, type LatchkeyOptions } from '../../src/index.js';
import { FakeBrowser, type FakeTab } from './fake-browser.js';
import { FakeFapi } from './fake-fapi.js';

/** Development key for `127.0.0.1:5100` (the local topology). */
export const DEV_KEY = `pk_test_${btoa('127.0.0.1:5100$').replace(/=+$/, '')}`;
/** Production key for `auth.example.com`. */
export const PROD_KEY = `pk_live_${btoa('auth.example.com$').replace(/=+$/, '')}`;
export const APP_URL = 'http://127.0.0.1:5200/';
export const API_ORIGIN = 'http://127.0.0.1:5300';
export const PASSWORD = 'correct horse battery';

/** The cross-origin API: records requests; answers with `handler`. */
export interface ApiStub {
  requests: Request[];
  handler: (request: Request) => Response | Promise<Response>;
}

export interface World {
  fapi: FakeFapi;
  browser: FakeBrowser;
  api: ApiStub;
  key: string;
  tab(url?: string, options?: { locks?: boolean; channels?: boolean }): FakeTab;
  latchkey(tab: FakeTab, options?: LatchkeyOptions): Latchkey;
  /** A loaded instance in a new tab, signed in as a new user. */
  signedIn(options?: { email?: string; tab?: FakeTab; latchkey?: LatchkeyOptions }): Promise<{ tab: FakeTab; latchkey: Latchkey }>;
}

export function world(options: { key?: string; fapiOrigin?: string } = {}): World {
  const fapi = new FakeFapi(options.fapiOrigin ?? 'http://127.0.0.1:5100');
  const api: ApiStub = { requests: [], handler: () => new Response('{}', { status: 200 }) };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (new URL(request.url).origin === fapi.origin) return fapi.fetch(input, init);
    api.requests.push(request);
    return api.handler(request);
  };
  const browser = new FakeBrowser(fetch);
  const key = options.key ?? DEV_KEY;
  const w: World = {
    fapi,
    browser,
    api,
    key,
    tab: (url = APP_URL, o = {}) => browser.tab(url, o),
    latchkey: (tab, o = {}) => new Latchkey(key, { frontendApiUrl: fapi.origin, platform: tab.platform(), ...o }),
    async signedIn(o = {}) {
      const email = o.email ?? `user${fapi.users.size + 1}@example.com`;
      if (!fapi.users.has(email)) fapi.createUser(email, PASSWORD);
      const tab = o.tab ?? w.tab();
      const latchkey = w.latchkey(tab, o.latchkey);
      await latchkey.load();
      const result = await latchkey.signIn.password({ identifier: email, password: PASSWORD });
      if (result.status !== 'complete') throw new Error(`sign-in did not complete: ${result.status}`);
      return { tab, latchkey };
    },
  };
  return w;
}

/** Fake timers at a fixed date; Date, setTimeout and friends only. */
export function useFakeClock(): void {
  vi.useFakeTimers({ now: new Date('2026-11-26T10:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/** Lets queued promise callbacks (channel deliveries, fetch bodies) and real I/O turns run. */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) {
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise<void>((resolve) => setImmediate(resolve)); // not faked: a real macrotask
  }
}

/** Decodes a JWT payload (tests only). */
export function claims(jwt: string | null | undefined): Record<string, unknown> {
  if (!jwt) throw new Error('no token');
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
}
