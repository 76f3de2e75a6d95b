/**
 * Email suppressions: addresses SES reported as permanently bouncing or complaining. They are
 * never emailed again (deliver.ts logs such a message as `suppressed`, reason `bounced` or
 * `complained`) until an admin lifts the suppression.
 */
import type { PageRequest } from '@b2b/shared/db';
import type { SuppressionReport } from '../feedback/ses-feedback.ts';
import { type SuppressionDoc, suppressionKey } from '../repositories/suppressions.ts';
import type { NotificationContext } from './context.ts';
import { notificationErrors } from './errors.ts';

/** Records each reported address; returns the suppressed addresses (as stored: lower case). */
export async function recordEmailFeedback(
  ctx: NotificationContext,
  reports: readonly SuppressionReport[],
  source: SuppressionDoc['source'],
): Promise<string[]> {
  for (const report of reports) {
    await ctx.repos.suppressions.suppress(
      report.address,
      { cause: report.cause, detail: report.detail.slice(0, 500), source },
      ctx.now(),
    );
    ctx.log.info({ cause: report.cause, source }, 'email address suppressed');
  }
  return [...new Set(reports.map((r) => suppressionKey(r.address)))];
}

export function listSuppressions(ctx: NotificationContext, page: PageRequest, address?: string) {
  return ctx.repos.suppressions.list(page, address);
}

export async function liftSuppression(ctx: NotificationContext, address: string): Promise<void> {
  if (!(await ctx.repos.suppressions.remove(address))) throw notificationErrors.suppressionNotFound();
}
