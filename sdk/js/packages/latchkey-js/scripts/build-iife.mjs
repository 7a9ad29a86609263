// Builds the script-tag bundle dist/latchkey.iife.js (minified IIFE) and prints its size
// after gzip -9; fails when it exceeds the 12 KB budget. scripts/build-js.sh (at the
// repository root) copies it to src/Latchkey.Server/wwwroot/npm/latchkey.js, served as /npm/latchkey.js.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
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
