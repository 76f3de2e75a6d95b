/** api.md's order lifecycle, for filters and the actions each status allows. */
export const orderStatusOptions = [
  { value: 'awaiting_approval', label: 'Awaiting approval' },
  { value: 'pending', label: 'Pending' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'shipped', label: 'Shipped' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'rejected', label: 'Rejected' },
] as const;

export function statusLabel(status: string): string {
  return orderStatusOptions.find((o) => o.value === status)?.label ?? status;
}

/** The order's view of its payment (the order service's paymentStatuses). */
const paymentStatusLabels: Record<string, string> = {
  none: 'no payment yet',
  authorized: 'authorized',
  declined: 'declined',
  captured: 'captured',
  partially_refunded: 'partly refunded',
  refunded: 'refunded',
};

export function paymentStatusLabel(status: string): string {
  return paymentStatusLabels[status] ?? status;
}

/** Cancellation is allowed before shipping (api.md). */
export const cancellableStatuses: readonly string[] = ['awaiting_approval', 'pending', 'confirmed'];
