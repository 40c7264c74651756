// Online backup of a SQLite database (`tessera db backup FILE`) while a server keeps serving and writing.
// SQLite's backup API (through this Node's driver: src/store/sqlite.ts) copies every page in one step, inside one read
// transaction on the source: in WAL mode that is a consistent snapshot that never blocks the server's
// writer, and it holds every transaction committed before the step began. The copy is written beside
// FILE and renamed into place once complete and checked, so FILE is never a half-written database.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backupSqliteFile, openSqliteConnection } from './sqlite.js';

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

  const partial = `${target}.partial-${process.pid}`;
  try {
    // all pages in one step: one snapshot (small steps would restart on every write)
    const pages = await backupSqliteFile(sourcePath, partial);
    checkCopy(partial);
    renameSync(partial, target);
    return { file: target, pages, bytes: statSync(target).size, ms: Math.round(performance.now() - started) };
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${partial}${suffix}`, { force: true });
    throw error;
  }
}

/** The copy must pass SQLite's integrity check and have no dangling foreign keys. */
function checkCopy(path: string): void {
  const copy = openSqliteConnection(path, { readonly: true });
  try {
    const integrity = (copy.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((row) => row.integrity_check).join('; ');
    if (integrity !== 'ok') throw new Error(`the backup failed SQLite's integrity check: ${integrity}`);
    const dangling = copy.prepare('PRAGMA foreign_key_check').all();
    if (dangling.length > 0) throw new Error(`the backup has ${dangling.length} rows with dangling foreign keys`);
  } finally {
    copy.close();
  }
}
