// Verifies tokens with the official @clerk/backend verifier (networkless, PEM jwtKey) and prints
// one JSON result per case. Driven by Latchkey.Tokens.Tests (ClerkBackendInteropTests):
//   node verify-with-clerk.mjs <cases.json>
// cases.json: { "jwtKey": "<SPKI PEM>", "cases": [ { "name", "token", "options": { ... } } ] }
// Output: [ { "name", "valid": bool, "reason": string|null, "sub": string|null } ]
import { readFile } from 'node:fs/promises';
import { verifyToken } from '@clerk/backend';

const input = JSON.parse(await readFile(process.argv[2], 'utf8'));
const results = [];
for (const c of input.cases) {
  // verifyToken resolves with the claims or throws a TokenVerificationError carrying `reason`.
  try {
    const claims = await verifyToken(c.token, { jwtKey: input.jwtKey, ...c.options });
    results.push({ name: c.name, valid: true, reason: null, sub: claims?.sub ?? null });
  } catch (error) {
    results.push({ name: c.name, valid: false, reason: error?.reason ?? `unexpected: ${error}`, sub: null });
  }
}
process.stdout.write(JSON.stringify(results));
