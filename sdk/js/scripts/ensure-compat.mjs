// Installs compat/react18 (React 18 for the 'react18' vitest project) from its lockfile when
// it is missing, so `npm test` works without scripts/setup.sh having run first.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../compat/react18/', import.meta.url));
if (!existsSync(`${dir}node_modules/react-dom/package.json`)) {
  execSync('npm ci --no-audit --no-fund --loglevel=error', { cwd: dir, stdio: 'inherit' });
}
