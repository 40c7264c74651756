// Online backup of a SQLite database (`tessera db backup FILE`) while a server keeps serving and writing.
// SQLite's backup API (through better-sqlite3) copies every page in one step, inside one read
// transaction on the source: in WAL mode that is a consistent snapshot that never blocks the server's
// writer, and it holds every transaction committed before the step began. The copy is written beside
// FILE and renamed into place once complete and checked, so FILE is never a half-written database.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

export interface BackupResult {
  file: string;
  pages: number;
  bytes: number;
  ms: number;
}

/** Copies the SQLite database at `sourcePath` to `targetPath` (which must not exist yet). */
export async function backupSqlite(sourcePath: string, targetPath: string): Promise<BackupResult> {
  const started = performance.now();
  const target = resolve(targetPath);
  if (!existsSync(sourcePath)) throw new Error(`no SQLite database at ${sourcePath}`);
  if (existsSync(target)) throw new Error(`${target} already exists; backups never overwrite a file`);
  if (!existsSync(dirname(target))) throw new Error(`the folder ${dirname(target)} does not exist`);
  if (resolve(sourcePath) === target) throw new Error('the backup file must differ from the database');

  const source = new BetterSqlite3(sourcePath, { fileMustExist: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    source.pragma('busy_timeout = 5000');
    // all remaining pages per step: one step, one snapshot (small steps would restart on every write)
    const progress = await source.backup(partial, { progress: () => 0x7fffffff });
    checkCopy(partial);
    renameSync(partial, target);
    return { file: target, pages: progress.totalPages, bytes: statSync(target).size, ms: Math.round(performance.now() - started) };
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/** The copy must pass SQLite's integrity check and have no dangling foreign keys. */
function checkCopy(path: string): void {
  const copy = new BetterSqlite3(path, { fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`the backup failed SQLite's integrity check: ${String(integrity)}`);
    const dangling = copy.pragma('foreign_key_check') as unknown[];
    if (dangling.length > 0) throw new Error(`the backup has ${dangling.length} rows with dangling foreign keys`);
  } finally {
    copy.close();
  }
}
