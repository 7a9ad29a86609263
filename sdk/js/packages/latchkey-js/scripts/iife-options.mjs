// esbuild options of the script-tag bundle, shared by the build and the size test.
import { fileURLToPath } from 'node:url';

/** Root of @latchkey/js (with a trailing slash). */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Size budget of the bundle after gzip -9, bytes. */
export const LIMIT = 12 * 1024;

/** @type {import('esbuild').BuildOptions} */
export const iifeOptions = {
  entryPoints: [`${root}src/iife.ts`],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  legalComments: 'none',
  // Assign class fields in constructors instead of declaring them: smaller, same behaviour here.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  logLevel: 'warning',
};
