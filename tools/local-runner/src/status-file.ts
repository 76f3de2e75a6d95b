/**
 * `--status-file`: the runner's children as JSON, rewritten whenever one starts or exits, so a tool
 * outside the runner (tools/fault-injection) can signal a service by pid without the runner
 * offering any control surface of its own. Written to a temporary name and renamed, so a reader
 * never sees half a file.
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { ProcessState } from './supervisor.ts';

export interface RunnerStatus {
  readonly runnerPid: number;
  readonly updatedAt: string;
  readonly services: Record<
    string,
    { pid: number | null; state: ProcessState; restarts: number; port: number }
  >;
}

export interface StatusSource {
  readonly name: string;
  readonly pid: number | undefined;
  readonly state: ProcessState;
  readonly restarts: number;
}

export function runnerStatus(
  processes: Iterable<StatusSource>,
  portOf: (name: string) => number,
  now = new Date(),
): RunnerStatus {
  const services: RunnerStatus['services'] = {};
  for (const p of processes) {
    services[p.name] = { pid: p.pid ?? null, state: p.state, restarts: p.restarts, port: portOf(p.name) };
  }
  return { runnerPid: process.pid, updatedAt: now.toISOString(), services };
}

export function writeStatusFile(file: string, status: RunnerStatus): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(status, null, 2)}\n`);
  renameSync(temporary, file);
}
