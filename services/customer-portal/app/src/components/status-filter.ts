import type { FilterDefinition } from '@b2b/web-kit/ui';

/** A list's `status` filter (DataTable), its options the statuses' labels for people. */
export function statusFilter(labels: Readonly<Record<string, string>>): readonly FilterDefinition[] {
  return [
    {
      name: 'status',
      label: 'Status',
      type: 'select',
      options: Object.entries(labels).map(([value, label]) => ({ value, label })),
    },
  ];
}
