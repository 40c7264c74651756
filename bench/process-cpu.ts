// Another process's CPU time so far, for benchmarks that measure a server from outside (Linux /proc).
import { readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) the process has used so far; NaN where /proc is not readable. */
export function cpuMsOf(pid: number): number {
  return statFieldsMs(String(pid), 11, 12); // utime, stime
}

/**
 * CPU milliseconds used so far by this process's children that have ended and been waited for, and by
 * their own waited-for children: a terraform run together with the plugins it started.
 */
export function endedChildrenCpuMs(): number {
  return statFieldsMs('self', 13, 14); // cutime, cstime
}

function statFieldsMs(pid: string, user: number, system: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces: count fields after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[user]) + Number(fields[system])) * 10; // clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
