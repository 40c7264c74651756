// Another process's CPU time so far, for benchmarks that measure a server from outside (Linux /proc).
import { readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) the process has used so far; NaN where /proc is not readable. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces: count fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
