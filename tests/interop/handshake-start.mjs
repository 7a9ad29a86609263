// Makes the official @clerk/backend (pinned 3.25.0) start a handshake, i.e. build a Frontend API
// URL, for a running Latchkey server: a page navigation (accept: text/html, sec-fetch-dest:
// document) of a browser whose client is signed in (__client_uat > 0) but whose app domain holds
// no __session yet. The SDK answers status "handshake" with a Location on the Frontend API.
// Run by Latchkey.Server.Tests (Interop/ClerkBackendApiInteropTests) before backend-api.mjs,
// which then resolves the nonces Latchkey hands out at those Locations:
//   node handshake-start.mjs <input.json> <output.json>
// input.json: { apiUrl, secretKey, publishableKey, appOrigin, pageUrl, clientUat, devBrowser, proxyUrl }
// Output (written to output.json): one entry per step, { ok: true, status, reason, location,
// setCookies } or { ok: false, error } when the SDK threw.
import { readFile, writeFile } from 'node:fs/promises';
import { createClerkClient } from '@clerk/backend';

const input = JSON.parse(await readFile(process.argv[2], 'utf8'));
const results = {};
const parties = { authorizedParties: [input.appOrigin] };

async function step(name, run) {
  try {
    results[name] = { ok: true, ...(await run()) };
  } catch (error) {
    results[name] = { ok: false, error: `${error?.name}: ${error?.message}` };
  }
}

// A development instance also needs the dev-browser token (__clerk_db_jwt) on the app domain;
// without it the SDK starts a handshake for "dev-browser-missing" instead.
const navigation = () => new Request(input.pageUrl, {
  headers: {
    accept: 'text/html',
    'sec-fetch-dest': 'document',
    cookie: `__client_uat=${input.clientUat}; __clerk_db_jwt=${input.devBrowser}`,
  },
});

const describe = (state) => ({
  status: state.status,
  reason: state.reason ?? null,
  location: state.headers?.get('location') ?? null,
  setCookies: state.headers ? [...state.headers.getSetCookie()].map((c) => c.split('=')[0]) : [],
});

const base = { publishableKey: input.publishableKey, apiUrl: input.apiUrl, secretKey: input.secretKey };

// (a) No proxyUrl: the SDK builds the Frontend API URL from the host in the publishable key.
await step('handshakeStart', async () =>
  describe(await createClerkClient(base).authenticateRequest(navigation(), parties)));

// (b) proxyUrl = the Latchkey server's own origin (domain and isSatellite untouched).
await step('handshakeStartProxy', async () =>
  describe(await createClerkClient({ ...base, proxyUrl: input.proxyUrl }).authenticateRequest(navigation(), parties)));

await writeFile(process.argv[3], JSON.stringify(results));
