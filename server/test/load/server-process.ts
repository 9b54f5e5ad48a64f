import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** The repository root, found by walking up (this file also runs compiled from bench/dist). */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'server', 'tsconfig.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

const ROOT = repositoryRoot();
export const SERVER_ENTRY = path.join(ROOT, 'server/dist/src/main.js');

export interface ServerProcess {
  baseUrl: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGTERM and wait for the exit (graceful). */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown, no cleanup, as a crash. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built server (`server/dist`, made by `npm test`'s pretest or `npm run build`) as a real
 * process on `databaseUrl`, waited for until healthy.
 */
export async function startServerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
  port?: number,
): Promise<ServerProcess> {
  if (!fs.existsSync(SERVER_ENTRY))
    throw new Error('build the server first: npx tsc -b server/tsconfig.json');
  const chosen = port ?? (await freePort());
  const dataDir = env.PEEL_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'peel-proc-'));
  let output = '';
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(chosen),
      HOST: '127.0.0.1',
      PEEL_DATA_DIR: dataDir,
      PEEL_SAMPLE_DATA: 'false',
      PEEL_DEMO: 'false',
      PEEL_LOGIN_LIMIT_IP: '1000000',
      PEEL_LOGIN_LIMIT_ACCOUNT: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${chosen}`;
  await waitForHealth(baseUrl, child, () => output);
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    baseUrl,
    port: chosen,
    child,
    output: () => output,
    stop: async () => {
      const done = exited();
      child.kill('SIGTERM');
      await done;
    },
    kill: async () => {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
  };
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  // A first demo start generates the sample and answers the simulated demo batches: on a loaded
  // 2-core machine that can take more than a minute.
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log()}`);
    try {
      // Our child's banner first: on a shared machine another process may hold the port.
      if (log().includes('Peel is running at')) {
        const response = await fetch(`${baseUrl}/api/health`);
        if (response.ok) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not become healthy:\n${log()}`);
}
