// Builds the script-tag bundle dist/latchkey.iife.js (minified IIFE) and prints its size
// after gzip -9; fails when it exceeds the 12 KB budget. Then, inside the Latchkey repository,
// copies it to where the server serves it at a stable path: src/Latchkey.Server/wwwroot/npm/
// latchkey.js is GET /npm/latchkey.js (the copy is git-ignored; dotnet build never calls npm).
// Built outside the repository (no server project beside it), the package copies nothing.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LIMIT, iifeOptions, root } from './iife-options.mjs';

const outfile = `${root}dist/latchkey.iife.js`;
await build({ ...iifeOptions, outfile });
const bytes = readFileSync(outfile);
const gzipped = gzipSync(bytes, { level: 9 }).length;
console.log(`latchkey.iife.js: ${bytes.length} bytes, ${gzipped} bytes after gzip -9 (budget ${LIMIT})`);
if (gzipped > LIMIT) {
  console.error('latchkey.iife.js is over its size budget');
  process.exit(1);
}

// sdk/js/packages/latchkey-js/ -> the repository root.
const repo = join(root, '..', '..', '..', '..');
const server = join(repo, 'src', 'Latchkey.Server');
if (existsSync(join(server, 'Latchkey.Server.csproj'))) {
  const served = join(server, 'wwwroot', 'npm', 'latchkey.js');
  // Unchanged content keeps the file (and its time, the server's ETag) as it is.
  if (!existsSync(served) || !readFileSync(served).equals(bytes)) {
    mkdirSync(dirname(served), { recursive: true });
    copyFileSync(outfile, served);
    console.log(`latchkey.iife.js: copied to ${relative(repo, served)} (served as /npm/latchkey.js)`);
  }
}
