/**
 * Checkout's cost center: a picker of the company's list when it has one (the API then takes
 * only its codes), free text when it has none (the API takes any text then).
 */
import { Field, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { CostCenter } from '../buying-types.ts';
import { SelectField } from './fields.tsx';

export function useCostCenters() {
  const api = useApi();
  return useQuery({
    queryKey: ['cost-centers'],
    queryFn: () => api.get<{ costCenters: CostCenter[] }>('/cost-centers'),
  });
}

export function CostCenterField({ error }: { error?: string }) {
  const list = useCostCenters().data?.costCenters ?? [];
  if (list.length === 0) return <Field name="costCenter" label="Cost center (optional)" error={error} />;
  return (
    <SelectField
      id="cost-center"
      name="costCenter"
      label="Cost center (optional)"
      defaultValue=""
      options={[
        { value: '', label: 'None' },
        ...list.map((c) => ({ value: c.code, label: `${c.code} · ${c.name}` })),
      ]}
      error={error}
    />
  );
}
