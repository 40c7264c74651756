// `tessera db backup FILE`: a consistent copy of the SQLite database while the server runs (online
// backup; see src/store/sqlite-backup.ts). PostgreSQL databases are backed up with pg_dump (README).
import type { Command } from 'commander';

export function register(program: Command): void {
  const db = program.command('db').description('database operations');
  db.command('backup')
    .description('copy the SQLite database to FILE, consistently, while a server may be serving and writing')
    .argument('<file>', 'where to write the copy (must not exist)')
    .option(
      '--database <location>',
      'the database to copy: a SQLite file path or sqlite:PATH (env TESSERA_DATABASE)',
      process.env.TESSERA_DATABASE || '.tessera/tessera.db',
    )
    .action(async (file: string, opts: { database: string }) => {
      const { parseDatabaseLocation } = await import('../../store/open-store.js');
      const location = parseDatabaseLocation(opts.database);
      try {
        if (location.dialect === 'postgres') {
          throw new Error('the database is PostgreSQL: back it up with pg_dump (see the README, "Backup and restore")');
        }
        const { backupSqlite } = await import('../../store/sqlite-backup.js');
        const result = await backupSqlite(location.path, file);
        process.stdout.write(`${JSON.stringify({ backup: result.file, pages: result.pages, bytes: result.bytes, ms: result.ms, integrity: 'ok' })}\n`);
      } catch (error) {
        process.stderr.write(`tessera db backup: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
