/**
 * Every catalogue service is live now, yet the platform keeps its answers for a planned one (the
 * gateway's 503 SERVICE_NOT_AVAILABLE, `planned` in the health summary, the harness's refusal).
 * Tests of those answers mark one service planned for their duration and restore it after.
 */
import { type ServiceName, services } from '@b2b/shared/catalogue';

export function markPlanned(name: ServiceName): () => void {
  const spec = services[name] as { status: 'live' | 'planned' };
  const before = spec.status;
  spec.status = 'planned';
  return () => {
    spec.status = before;
  };
}
