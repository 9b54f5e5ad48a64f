import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DataSource } from 'typeorm';

/** A running export whose heartbeat is older than this is taken for dead (any host). */
export const EXPORT_STALE_MS = 30_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `owner` (`host:pid`) is a process of this host that no longer exists. */
export function ownerIsDead(owner: string | null): boolean {
  if (!owner) return false;
  const at = owner.lastIndexOf(':');
  const host = owner.slice(0, at);
  const pid = Number(owner.slice(at + 1));
  return host === os.hostname() && Number.isInteger(pid) && pid > 0 && !isAlive(pid);
}

/**
 * What a killed export left on this host: its temp folders, and the output folder itself if the
 * kill fell between the rename and the database update (its manifest names this snapshot).
 */
async function removeLeftovers(id: string, outDir: string): Promise<void> {
  const parent = path.dirname(outDir);
  const prefix = `.${path.basename(outDir)}.tmp-`;
  const entries = await fs.readdir(parent).catch(() => [] as string[]);
  for (const entry of entries)
    if (entry.startsWith(prefix))
      await fs.rm(path.join(parent, entry), { recursive: true, force: true });
  const manifest = path.join(outDir, 'manifest.json');
  if (existsSync(manifest)) {
    try {
      if (JSON.parse(readFileSync(manifest, 'utf8')).snapshot_id === id)
        await fs.rm(outDir, { recursive: true, force: true });
    } catch {
      // not ours to judge: leave it
    }
  }
}

/**
 * Marks `interrupted` every running export whose process is gone: a process of this host that no
 * longer exists, or a heartbeat older than `staleMs` (any host). Run at boot and before every read
 * of the export list, so a dead job is never shown running for long, and never complete. Returns the
 * ids it marked.
 */
export async function reapDeadExports(
  dataSource: DataSource,
  staleMs = EXPORT_STALE_MS,
): Promise<string[]> {
  const rows: { id: string; owner: string | null; out_dir: string; stale: boolean }[] =
    await dataSource.query(
      `SELECT id, owner, out_dir,
         coalesce(heartbeat_at, started_at) < now() - make_interval(secs => $1::float8 / 1000)
           AS stale
       FROM export_snapshot WHERE status = 'running'`,
      [staleMs],
    );
  const marked: string[] = [];
  for (const row of rows) {
    const dead = ownerIsDead(row.owner);
    if (!dead && !row.stale) continue;
    const reason = dead
      ? `interrupted: its process (${row.owner}) stopped before the export finished`
      : `interrupted: no heartbeat for ${Math.round(staleMs / 1000)} s (its process stopped)`;
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await dataSource.query(
      `UPDATE export_snapshot SET status = 'interrupted', error = $2, finished_at = now()
       WHERE id = $1 AND status = 'running'`,
      [row.id, reason],
    );
    if (affected === 0) continue;
    marked.push(row.id);
    if (dead) await removeLeftovers(row.id, row.out_dir).catch(() => undefined);
  }
  return marked;
}
