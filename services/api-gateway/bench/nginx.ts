/**
 * The reference proxy of the bench: Debian's nginx, started with a generated config in a temp
 * directory (never the system service), proxying to the same trivial upstream over keep-alive
 * connections, as the gateway does. One worker by default, because the gateway is one Node process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NginxOptions {
  /** Where nginx listens (127.0.0.1). */
  readonly port: number;
  /** `host:port` of the upstream. */
  readonly upstream: string;
  /** `1` (fair against one Node process) or `auto` (one per core). */
  readonly workers: number | 'auto';
}

export interface RunningNginx {
  readonly child: ChildProcess;
  readonly url: string;
  stop(): Promise<void>;
}

/** True when an `nginx` binary is on the PATH. */
export function nginxAvailable(): boolean {
  return spawnSync('nginx', ['-v'], { stdio: 'ignore' }).status === 0;
}

export function nginxConfig(dir: string, options: NginxOptions): string {
  return `
daemon off;
master_process on;
worker_processes ${options.workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  # Like the gateway's request log: one line per request, written (to /dev/null) on every request.
  access_log /dev/null;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000;
  upstream backend {
    server ${options.upstream};
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${options.port};
    location /api/v1/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

/** Starts nginx in the foreground; resolves once it answers on its port. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-bench-nginx-'));
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, options));
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGQUIT'); // graceful: workers finish, then exit
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/api/v1/users/ping`);
      return { child, url, stop };
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
