import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './processes';

/**
 * Before any spec: builds the JavaScript the browser tests load when it is missing or out of
 * date (the SDK, its script-tag bundle copied into the server's wwwroot, the demo's React page).
 * scripts/build-js.sh skips what is up to date, so this costs nothing on a second run. The .NET
 * side is built by ./test.sh (dotnet build -c Release) before npm test runs.
 */
export default function globalSetup(): void {
  execFileSync(join(repoRoot, 'scripts', 'build-js.sh'), [], { cwd: repoRoot, stdio: 'inherit' });
}
