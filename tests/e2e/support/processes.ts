import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests/e2e/support → ../../..). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** The instance key file the server writes beside its database (docs/server.md). */
export interface InstanceKeys {
  publishable_key: string;
  secret_key: string;
  frontend_api_url: string;
  jwks_url: string;
  instance_type: string;
}

/** A process started for a test, with its log and a stop function. */
export interface RunningProcess {
  readonly url: string;
  readonly port: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** A running Latchkey server with its data folder and instance keys. */
export interface RunningServer extends RunningProcess {
  readonly dataDir: string;
  readonly keys: InstanceKeys;
}

/** The built Release output of a .NET project under the repository (test.sh builds it first). */
export function builtDll(projectDir: string, assemblyName: string): string {
  const dll = join(repoRoot, projectDir, 'bin', 'Release', 'net10.0', `${assemblyName}.dll`);
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: build first (dotnet build Latchkey.slnx -c Release, as ./test.sh does)`);
  }
  return dll;
}

/**
 * Starts `dotnet <dll>` with the given environment, waits until `readyPath` answers 200 on
 * `url`, and returns a handle. Output goes to a log file that is printed if start-up fails.
 */
export async function startDotnet(options: {
  name: string;
  dll: string;
  port: number;
  env: Record<string, string>;
  readyPath: string;
  cwd?: string;
  timeoutMs?: number;
}): Promise<RunningProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const logDir = mkdtempSync(join(tmpdir(), `latchkey-e2e-${options.name}-log-`));
  const logFile = join(logDir, 'output.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn('dotnet', [options.dll], {
    cwd: options.cwd ?? dirname(options.dll),
    env: {
      ...process.env,
      ASPNETCORE_URLS: url,
      DOTNET_NOLOGO: '1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);

  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) {
      throw new Error(`${options.name} exited during start-up:\n${readFileSync(logFile, 'utf8')}`);
    }
    try {
      const response = await fetch(url + options.readyPath);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.name} did not answer ${options.readyPath} in time:\n${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port: options.port,
    logFile,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (exited) return resolveStop();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts a development Latchkey server on a free port with a fresh data folder (SQLite), and
 * reads its instance key file. `settings` are extra `Latchkey:*` settings, e.g.
 * `{ TokenLifetime: '00:00:05' }`.
 */
export async function startLatchkeyServer(settings: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-server-'));
  const env: Record<string, string> = {
    Latchkey__FrontendApiUrl: `http://127.0.0.1:${port}`,
    Latchkey__DataFolder: dataDir,
  };
  for (const [key, value] of Object.entries(settings)) {
    env[`Latchkey__${key.replaceAll(':', '__')}`] = value;
  }
  const running = await startDotnet({
    name: 'server',
    dll: builtDll('src/Latchkey.Server', 'Latchkey.Server'),
    port,
    env,
    readyPath: '/.well-known/jwks.json',
    // The project folder is the content root: its wwwroot/npm/latchkey.js (copied there by the
    // SDK's npm build, run by scripts/build-js.sh, see global-setup.ts) is served as /npm/latchkey.js.
    cwd: join(repoRoot, 'src', 'Latchkey.Server'),
  });
  const keys = JSON.parse(readFileSync(join(dataDir, 'latchkey.keys.json'), 'utf8')) as InstanceKeys;
  return {
    ...running,
    dataDir,
    keys,
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** True when this run may rewrite the screenshots under docs/ (./test.sh --screenshots). */
export const screenshotsMode = process.env.LATCHKEY_SCREENSHOTS === '1';
