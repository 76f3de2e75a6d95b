/**
 * One service as its own child process, the way ECS runs one container per service: started with
 * its own environment, restarted with exponential backoff when it crashes, stopped with SIGTERM
 * and, after a grace period, SIGKILL (ECS's stopTimeout does the same).
 *
 * Children run in their own process group (`detached`) so a Ctrl+C in the terminal reaches only
 * the runner, which then stops things in order: load balancer, services, database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type BackoffPolicy, defaultBackoff, RestartBackoff } from './backoff.ts';
import { prefixLines, say, warn } from './log-output.ts';

export interface ServiceProcessOptions {
  readonly name: string;
  readonly entry: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly backoff?: BackoffPolicy;
  /** How long a service gets between SIGTERM and SIGKILL. */
  readonly stopGraceMs?: number;
  /** Every stdout line, raw (the console gets the prefixed, shortened form). */
  readonly onOutput?: (line: string) => void;
  /** After every start and exit (pid or state changed): the runner's status file follows it. */
  readonly onChange?: (proc: ServiceProcess) => void;
}

export type ProcessState = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped';

export class ServiceProcess {
  private child: ChildProcess | undefined;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly backoff: RestartBackoff;
  private stopping = false;
  state: ProcessState = 'stopped';
  restarts = 0;

  constructor(private readonly opts: ServiceProcessOptions) {
    this.backoff = new RestartBackoff(opts.backoff ?? defaultBackoff);
  }

  get name(): string {
    return this.opts.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.stopping = false;
    this.state = 'starting';
    this.startedAt = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', this.opts.entry], {
      cwd: this.opts.cwd,
      env: this.opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    this.child = child;
    prefixLines(this.opts.name, child.stdout!, process.stdout, this.opts.onOutput);
    prefixLines(this.opts.name, child.stderr!, process.stderr);
    child.once('spawn', () => {
      this.state = 'running';
      this.opts.onChange?.(this);
    });
    child.once('error', (err) => warn(`${this.opts.name}: could not start: ${err.message}`));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    if (this.stopping) {
      this.state = 'stopped';
      this.opts.onChange?.(this);
      return;
    }
    const uptime = Date.now() - this.startedAt;
    const delay = this.backoff.nextDelay(uptime);
    this.restarts += 1;
    this.state = 'restarting';
    this.opts.onChange?.(this);
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    warn(
      `${this.opts.name} ${how} after ${(uptime / 1000).toFixed(1)} s; restarting in ${(delay / 1000).toFixed(1)} s (attempt ${this.backoff.attempt})`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (!this.stopping) this.start();
    }, delay);
  }

  /** SIGTERM, wait up to the grace period, then SIGKILL. Resolves once the process is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    }
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const graceMs = this.opts.stopGraceMs ?? 8_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      say(`${this.opts.name} did not stop within ${graceMs / 1000} s; sending SIGKILL`);
      child.kill('SIGKILL');
      await exited;
    }
    this.state = 'stopped';
  }

  /** Last resort when the runner itself is exiting: never leave an orphan holding a port. */
  killNow(): void {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGKILL');
    }
  }
}
