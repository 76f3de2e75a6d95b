/**
 * The helper processes the run starts itself (the bare-Fastify ceiling, the proxy bench with its
 * upstream, gateway and nginx): each in a process group of its own, so stopping one stops what it
 * started too, including when the run is interrupted before that helper's own cleanup ran.
 */
import { type ChildProcess, spawn } from 'node:child_process';

const running = new Set<ChildProcess>();

export function spawnTracked(
  command: string,
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): ChildProcess {
  const child = spawn(command, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM to the child's group, SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopTracked(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // What the child started may outlive it by a moment (nginx workers): the group goes too.
  signalGroup('SIGKILL');
}

export async function stopAllTracked(): Promise<void> {
  await Promise.all([...running].map((child) => stopTracked(child)));
}
