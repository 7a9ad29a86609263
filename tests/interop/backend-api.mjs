// Drives the official @clerk/backend (pinned 3.25.0) against a running Latchkey server, with
// apiUrl = that server, its secret key and no jwtKey (so JWKS come from Latchkey's /v1/jwks).
// Run by Latchkey.Server.Tests (Interop/ClerkBackendApiInteropTests):
//   node backend-api.mjs <input.json> <output.json>
// input.json: { apiUrl, secretKey, publishableKey, appOrigin, sessionToken, sessionId, userId,
//               userEmail, handshakeUrl, proxyUrl, proxyHandshakeUrl, legacyHandshakeUrl, newUserEmail }
// handshakeUrl and proxyHandshakeUrl are where Latchkey sent the browser back with a nonce after
// following the Locations that handshake-start.mjs had the SDK build (without and with proxyUrl).
// Output (written to output.json, since the SDK logs to the console): one JSON object, one entry per step: { ok: bool, ...what the step observed } or
// { ok: false, error } when the SDK threw.
import { readFile, writeFile } from 'node:fs/promises';
import { createClerkClient } from '@clerk/backend';

const input = JSON.parse(await readFile(process.argv[2], 'utf8'));
const results = {};
const options = { publishableKey: input.publishableKey, apiUrl: input.apiUrl };
const parties = { authorizedParties: [input.appOrigin] };

async function step(name, run) {
  try {
    results[name] = { ok: true, ...(await run()) };
  } catch (error) {
    results[name] = { ok: false, error: `${error?.name}: ${error?.message}`, status: error?.status ?? null, codes: error?.errors?.map((e) => e.code) ?? [] };
  }
}

const describe = (state) => ({
  status: state.status,
  reason: state.reason ?? null,
  userId: state.isAuthenticated ? state.toAuth().userId : null,
  sessionId: state.isAuthenticated ? state.toAuth().sessionId : null,
  setCookies: state.headers ? [...state.headers.getSetCookie()].map((c) => c.split('=')[0]) : [],
  location: state.headers?.get('location') ?? null,
});

// First, before any JWKS is cached in this process: a wrong secret key cannot load the keys.
await step('wrongSecretKey', async () => {
  const wrong = createClerkClient({ ...options, secretKey: 'sk_test_' + 'W'.repeat(48) });
  const state = await wrong.authenticateRequest(
    new Request(`${input.appOrigin}/api/me`, { headers: { authorization: `Bearer ${input.sessionToken}` } }), parties);
  return describe(state);
});

const clerk = createClerkClient({ ...options, secretKey: input.secretKey });

await step('bearer', async () => describe(await clerk.authenticateRequest(
  new Request(`${input.appOrigin}/api/me`, { headers: { authorization: `Bearer ${input.sessionToken}` } }), parties)));

await step('authGetToken', async () => {
  const state = await clerk.authenticateRequest(
    new Request(`${input.appOrigin}/api/me`, { headers: { authorization: `Bearer ${input.sessionToken}` } }), parties);
  return { jwt: await state.toAuth().getToken({ expiresInSeconds: 90 }) };
});

await step('handshake', async () => describe(await clerk.authenticateRequest(
  new Request(input.handshakeUrl, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } }), parties)));

// The same with proxyUrl = Latchkey's origin: the nonce is still redeemed at apiUrl.
await step('handshakeProxy', async () => describe(await createClerkClient({ ...options, secretKey: input.secretKey, proxyUrl: input.proxyUrl }).authenticateRequest(
  new Request(input.proxyHandshakeUrl, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } }), parties)));

// The legacy signed payload (__clerk_handshake=<JWS>), verified by the SDK with the JWKS alone.
await step('legacyHandshake', async () => describe(await clerk.authenticateRequest(
  new Request(input.legacyHandshakeUrl, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } }), parties)));

await step('getUserList', async () => {
  const { data, totalCount } = await clerk.users.getUserList({ emailAddress: [input.userEmail], limit: 10, orderBy: '-created_at' });
  return {
    totalCount,
    ids: data.map((u) => u.id),
    primaryEmail: data[0]?.primaryEmailAddress?.emailAddress ?? null,
    // A User built by the SDK's deserializer keeps the wire JSON in `raw`.
    isUserObject: data[0]?.raw?.object === 'user',
  };
});

await step('createUser', async () => {
  const user = await clerk.users.createUser({
    emailAddress: [input.newUserEmail],
    password: 'an interop passphrase',
    firstName: 'Interop',
    lastName: 'Check',
    publicMetadata: { plan: 'pro' },
  });
  return {
    id: user.id,
    primaryEmail: user.primaryEmailAddress?.emailAddress ?? null,
    verification: user.primaryEmailAddress?.verification?.status ?? null,
    fullName: user.fullName,
    plan: user.publicMetadata?.plan ?? null,
    passwordEnabled: user.passwordEnabled,
    createdAtIsMs: user.createdAt > 1e12,
  };
});

await step('updateUserMetadata', async () => {
  const user = await clerk.users.updateUserMetadata(input.userId, { privateMetadata: { tier: 'gold' } });
  return { tier: user.privateMetadata?.tier ?? null };
});

await step('getCount', async () => ({ count: await clerk.users.getCount({ emailAddress: [input.userEmail] }) }));

await step('getSessionList', async () => {
  const { data, totalCount } = await clerk.sessions.getSessionList({ userId: input.userId, status: 'active' });
  return { totalCount, ids: data.map((s) => s.id), statuses: data.map((s) => s.status) };
});

await step('getToken', async () => {
  const token = await clerk.sessions.getToken(input.sessionId, undefined, 120);
  return { jwt: token.jwt };
});

await step('templateToken', async () => {
  await clerk.sessions.getToken(input.sessionId, 'supabase');
  return {};
});

await step('revokeSession', async () => {
  const session = await clerk.sessions.revokeSession(input.sessionId);
  return { id: session.id, status: session.status, userId: session.userId };
});

await step('getUserUnknown', async () => {
  await clerk.users.getUser('user_doesnotexist');
  return {};
});

await writeFile(process.argv[3], JSON.stringify(results));
