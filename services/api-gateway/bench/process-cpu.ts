/**
 * CPU time a serving process has used, read from /proc so the same measure applies to Node
 * processes and to nginx (whose master forks its workers): the process and its direct children.
 */
import { readFileSync } from 'node:fs';

// utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
const ticksPerSecond = 100;

function ownCpuSeconds(pid: number): number {
  // The command name (field 2) may contain spaces: split after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU seconds (user + system) of `pid` and its children so far; undefined where /proc is missing. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return [pid, ...childrenOf(pid)].reduce((sum, p) => sum + ownCpuSeconds(p), 0);
  } catch {
    return undefined;
  }
}
