// Differential harness: reads JSON lines {id, request:{method,url,headers}, options, now} on stdin and
// writes one JSON line {id, status, reason, location} per case, in order, from the official
// @clerk/backend authenticateRequest. The clock is frozen at each case's `now` (Unix ms).
import readline from 'node:readline';

const RealDate = Date;
let frozenNow = RealDate.now();
class FrozenDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(frozenNow);
    else super(...args);
  }
  static now() {
    return frozenNow;
  }
}
globalThis.Date = FrozenDate;

// Silence the SDK's console output (loop warnings, handshake errors) so stdout stays JSON lines.
console.log = () => {};
console.warn = () => {};
console.error = () => {};

const { createClerkClient } = await import('@clerk/backend');
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  frozenNow = c.now;
  try {
    const client = createClerkClient({
      secretKey: c.options.secretKey,
      publishableKey: c.options.publishableKey,
      jwtKey: c.options.jwtKey,
      apiUrl: c.options.apiUrl,
    });
    const request = new Request(c.request.url, { method: c.request.method, headers: c.request.headers });
    const state = await client.authenticateRequest(request, c.options);
    out({ id: c.id, status: state.status, reason: state.reason ?? null, location: state.headers.get('location') });
  } catch (err) {
    out({ id: c.id, status: 'error', reason: String(err && err.message ? err.message : err).slice(0, 200), location: null });
  }
}
