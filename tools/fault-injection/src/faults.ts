/**
 * The faults, one after the other. Each injects its failure and returns once the platform is
 * back (the runner restarted the service, the process was continued, the bus route restored, the
 * database up again); the traffic keeps running throughout.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { liveServices, type ServiceName } from '@b2b/shared/catalogue';
import { pollUntil } from '@b2b/test-kit/poll';
import type { Platform } from './platform.ts';

export interface Fault {
  readonly name: string;
  /** A GET under /api/v1 answered by the service the fault hits (through the gateway): the probe. */
  readonly probePath?: string;
  inject(platform: Platform): Promise<void>;
}

/** Routes of each service's own area, for the probe (the web apps are not behind the gateway). */
const probePaths: Partial<Record<ServiceName, string>> = {
  'api-gateway': '/health',
  user: '/admin/companies?limit=1',
  product: '/products?limit=1',
  order: '/admin/orders?limit=1',
  payment: '/payments?limit=1',
  search: '/search?q=fault',
  notification: '/admin/notifications?limit=1',
};

const recoveryMs = 120_000;

function livePid(platform: Platform, service: ServiceName): number {
  const pid = platform.status()[service]?.pid;
  if (!pid) throw new Error(`${service} has no running process in the runner's status file`);
  return pid;
}

export function killFault(service: ServiceName): Fault {
  return {
    name: `kill -9 ${service}`,
    probePath: probePaths[service],
    async inject(platform) {
      const pid = livePid(platform, service);
      process.kill(pid, 'SIGKILL');
      await pollUntil(
        () => {
          const now = platform.status()[service];
          return now?.pid !== pid && now?.state === 'running';
        },
        { timeoutMs: recoveryMs, intervalMs: 100, message: `${service} restarted by the runner` },
      );
      await platform.waitReady(service, recoveryMs);
    },
  };
}

/** Longer than the gateway's upstream request timeout (5 s) and the order service's product client's. */
export const stallMs = 8_000;

export function stallFault(service: ServiceName): Fault {
  return {
    name: `SIGSTOP ${service} ${stallMs / 1000} s`,
    probePath: probePaths[service],
    async inject(platform) {
      const pid = livePid(platform, service);
      process.kill(pid, 'SIGSTOP');
      try {
        await sleep(stallMs);
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      await platform.waitReady(service, recoveryMs);
    },
  };
}

export const busCutMs = 30_000;

export const busFault: Fault = {
  name: `bus unreachable ${busCutMs / 1000} s`,
  probePath: probePaths.product,
  async inject(platform) {
    await platform.bus.cut();
    try {
      await sleep(busCutMs);
    } finally {
      await platform.bus.restore();
    }
  },
};

export const databaseFault: Fault = {
  name: 'restart the database',
  probePath: probePaths.product,
  async inject(platform) {
    await platform.restartDatabase();
    for (const service of liveServices()) await platform.waitReady(service, recoveryMs);
  },
};

/** No fault: the same traffic and checks, the control row of the table. */
export const baseline: Fault = {
  name: 'none (baseline)',
  probePath: probePaths.product,
  inject: () => sleep(5_000),
};

export function allFaults(): Fault[] {
  return [baseline, ...liveServices().map(killFault), stallFault('product'), busFault, databaseFault];
}
