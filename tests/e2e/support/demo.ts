import { join } from 'node:path';
import { builtDll, freePort, repoRoot, startDotnet, startLatchkeyServer, type RunningProcess, type RunningServer } from './processes';

/** The server and the two demo apps, started from their Release builds on free ports. */
export interface DemoStack {
  readonly server: RunningServer;
  /** samples/Latchkey.Demo.WebApp: the React page, /plain and the same-origin /api/me. */
  readonly web: RunningProcess;
  /** samples/Latchkey.Demo.Api: the cross-origin, Bearer-only /api/me. */
  readonly api: RunningProcess;
  stop(): Promise<void>;
}

/** Options of {@link startDemoStack}. */
export interface DemoStackOptions {
  /** Session token lifetime in seconds (the server's `TokenLifetime`). Default 60. */
  readonly tokenLifetimeSeconds?: number;
  /** Clock skew the apps allow for `exp`/`nbf`/`iat`, seconds. Default 5 (the package's default). */
  readonly clockSkewSeconds?: number;
}

const timeSpan = (seconds: number): string =>
  `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

/**
 * Starts a development Latchkey server (fresh SQLite data folder, cheap password hashing, rate
 * limits out of the way), then the demo web app and API pointed at its key file, exactly as
 * ./run-demo.sh wires them, but on free ports.
 */
export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const settings: Record<string, string> = {
    'Passwords:Iterations': '1000',
    'RateLimits:CredentialRequestsPerIp': '10000',
    'RateLimits:CredentialAttemptsPerIdentifier': '10000',
    'RateLimits:OtherRequestsPerIp': '100000',
    'RateLimits:TokenRequestsPerIp': '100000',
  };
  if (options.tokenLifetimeSeconds !== undefined) settings['TokenLifetime'] = timeSpan(options.tokenLifetimeSeconds);
  const server = await startLatchkeyServer(settings);
  const [webPort, apiPort] = [await freePort(), await freePort()];
  const webUrl = `http://127.0.0.1:${webPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env: Record<string, string> = {
    Demo__KeyFile: join(server.dataDir, 'latchkey.keys.json'),
    Demo__WebAppUrl: webUrl,
    Demo__ApiUrl: apiUrl,
    Logging__LogLevel__Default: 'Warning',
  };
  if (options.clockSkewSeconds !== undefined) env['Latchkey__ClockSkew'] = timeSpan(options.clockSkewSeconds);
  let web: RunningProcess | undefined;
  let api: RunningProcess | undefined;
  try {
    [web, api] = await Promise.all([
      startDotnet({
        name: 'web',
        dll: builtDll('samples/Latchkey.Demo.WebApp', 'Latchkey.Demo.WebApp'),
        port: webPort,
        env,
        readyPath: '/healthz',
        cwd: join(repoRoot, 'samples', 'Latchkey.Demo.WebApp'),
      }),
      startDotnet({
        name: 'api',
        dll: builtDll('samples/Latchkey.Demo.Api', 'Latchkey.Demo.Api'),
        port: apiPort,
        env,
        readyPath: '/healthz',
        cwd: join(repoRoot, 'samples', 'Latchkey.Demo.Api'),
      }),
    ]);
  } catch (error) {
    await Promise.all([web?.stop(), api?.stop(), server.stop()]);
    throw error;
  }
  const started = { web, api };
  return {
    server,
    web: started.web,
    api: started.api,
    stop: async () => {
      await Promise.all([started.web.stop(), started.api.stop()]);
      await server.stop();
    },
  };
}
