import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  /** Resolves with the first JSON line the child prints on stdout. */
  firstMessage: Promise<Record<string, string>>;
  /** SIGKILL, and wait until the OS has reaped it. */
  kill9(): Promise<void>;
}

/** Runs a support script in its own Node process with tsx, as `npm start` runs services. */
export function spawnChild(
  script: 'child-publisher.ts' | 'child-consumer.ts',
  env: Record<string, string>,
): Child {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstMessage = new Promise<Record<string, string>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal})`)));
  });
  return {
    process: child,
    firstMessage,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
