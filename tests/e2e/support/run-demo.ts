import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './processes';

/** `./run-demo.sh` running in its own process group, as a terminal would run it. */
export interface DemoRun {
  /** The script's process id, also its process group id. */
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Waits for the "ready in N s" line; returns N (the start time the script measured, seconds). */
  ready(timeoutMs: number): Promise<number>;
  /** Ctrl+C: SIGINT to the whole process group; resolves with the exit code once the script ended. */
  interrupt(timeoutMs?: number): Promise<number | null>;
  /** Kills whatever is left (test clean-up). */
  kill(): void;
}

/** Starts `./run-demo.sh` from the repository root with extra environment variables. */
export function runDemo(env: Record<string, string>): DemoRun {
  let text = '';
  let exited: { code: number | null } | undefined;
  const exitWaiters: Array<() => void> = [];
  // detached: a new process group, like a shell job; Ctrl+C in a terminal signals the group.
  const child: ChildProcess = spawn(join(repoRoot, 'run-demo.sh'), [], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  child.once('exit', (code) => {
    exited = { code };
    exitWaiters.splice(0).forEach((w) => w());
  });
  const exit = (): Promise<void> => (exited ? Promise.resolve() : new Promise((r) => exitWaiters.push(r)));
  const group = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    pid: child.pid ?? 0,
    output: () => text,
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = /ready in ([0-9.]+) s/.exec(text);
        if (match) return Number(match[1]);
        if (exited) throw new Error(`./run-demo.sh exited (${exited.code}) before it was ready:\n${text}`);
        if (Date.now() > deadline) throw new Error(`./run-demo.sh was not ready within ${timeoutMs} ms:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async interrupt(timeoutMs = 20_000) {
      group('SIGINT');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs));
      if ((await Promise.race([exit().then(() => 'exited' as const), timer])) === 'timeout') {
        throw new Error(`./run-demo.sh did not stop within ${timeoutMs} ms of SIGINT:\n${text}`);
      }
      return exited?.code ?? null;
    },
    kill() {
      group('SIGKILL');
    },
  };
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** True while any process of the group led by `pid` is alive. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
