// `tessera token scan PATH… [--revoke --url URL]`: the leak scanner. Walks files and directories
// (`-` is standard input), prints `file:line:column: token_prefix` for every Tessera token found (never
// the token itself), and exits 1 when it found any, so it can stop a commit. With --revoke, each token
// found is revoked through POST /v1/token/revoke on the given service (the token is its own credential).
//
// Directories are walked without following symbolic links (no cycles) and without their `.git`
// folders (git's objects are compressed: a scan there finds nothing and costs the most). Files are
// read in 1 MiB pieces with one reused buffer, synchronously: for a pre-commit hook the whole run is
// I/O and a byte search, and nothing else is waiting on the event loop.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { TokenScanner, type TokenFinding } from '../../domain/token-scanner.js';
import { DEFAULT_URL } from '../api-command.js';

const CHUNK_BYTES = 1 << 20;
const SKIPPED_DIRECTORIES = new Set(['.git']);

interface ScanOptions {
  revoke?: boolean;
  url?: string;
}

interface FileFinding extends TokenFinding {
  file: string;
}

export function registerScan(token: Command): void {
  token
    .command('scan')
    .description('find leaked Tessera tokens in files, directories or standard input (-); exit 1 when any is found')
    .argument('<paths...>', 'files or directories to scan; - for standard input')
    .option('--revoke', 'revoke every token found (POST /v1/token/revoke; needs no credential)')
    .option('--url <url>', `token service to revoke through (env TESSERA_URL; default ${DEFAULT_URL})`)
    .action(async (paths: string[], opts: ScanOptions) => {
      process.exitCode = await scanCommand(paths, opts);
    });
}

async function scanCommand(paths: string[], opts: ScanOptions): Promise<number> {
  const findings: FileFinding[] = [];
  let unreadable = 0;
  const report = (file: string) => (finding: TokenFinding) => {
    findings.push({ ...finding, file });
    process.stdout.write(`${file}:${finding.line}:${finding.column}: ${finding.tokenPrefix}\n`);
  };
  const warn = (message: string) => {
    unreadable++;
    process.stderr.write(`tessera token scan: ${message}\n`);
  };
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (const path of paths) {
    if (path === '-') await scanStdin(report('-'));
    else walk(path, true, (file) => scanFile(file, buffer, report(file), warn), warn);
  }
  if (findings.length === 0) {
    return unreadable > 0 ? 2 : 0;
  }
  const files = new Set(findings.map((f) => f.file)).size;
  process.stderr.write(`tessera token scan: found ${findings.length} Tessera token${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}\n`);
  if (opts.revoke) await revokeAll(findings, opts.url || process.env.TESSERA_URL || DEFAULT_URL);
  else process.stderr.write('tessera token scan: revoke them (e.g. tessera token scan --revoke --url URL …) and remove them from the files\n');
  return 1;
}

/** Calls `file` for every regular file under `path` (sorted, no symlinks followed below `path`). */
function walk(path: string, explicit: boolean, file: (path: string) => void, warn: (message: string) => void): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if (explicit) warn(`${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`);
    return;
  }
  if (stats.isFile()) {
    file(path);
    return;
  }
  if (!stats.isDirectory()) return;
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch (error) {
    warn(`${path}: ${(error as Error).message}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(child, false, file, warn);
    } else if (entry.isFile()) {
      file(child);
    }
  }
}

function scanFile(path: string, buffer: Buffer, found: (finding: TokenFinding) => void, warn: (message: string) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    warn(`${path}: ${(error as Error).message}`);
    return;
  }
  try {
    const scanner = new TokenScanner();
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      scanner.push(buffer.subarray(0, read), found);
    }
    scanner.end(found);
  } catch (error) {
    warn(`${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

async function scanStdin(found: (finding: TokenFinding) => void): Promise<void> {
  const scanner = new TokenScanner();
  for await (const chunk of process.stdin) scanner.push(chunk as Buffer, found);
  scanner.end(found);
}

async function revokeAll(findings: FileFinding[], url: string): Promise<void> {
  const { AivenClient } = await import('../../client/aiven-client.js');
  const client = new AivenClient({ baseUrl: url, userAgent: 'tessera-cli/0.1.0 (token scan)' });
  const tokens = new Map(findings.map((f) => [f.token, f.tokenPrefix]));
  for (const [token, prefix] of tokens) {
    try {
      await client.revokeToken(token);
      process.stderr.write(`tessera token scan: revoked ${prefix} at ${url}\n`);
    } catch (error) {
      const e = error as Error & { status?: number };
      process.stderr.write(`tessera token scan: could not revoke ${prefix} at ${url}: ${e.message}${e.status ? ` (${e.status})` : ''}\n`);
    }
  }
}
