import {
  ApiError,
  Button,
  ErrorMessage,
  Field,
  ItemsTable,
  type Page,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { count, text } from '../forms.ts';
import type { Inventory, Product } from '../types.ts';

/**
 * The product API has no stock filter, so the low-stock view reads the catalogue page by page
 * (at most SCAN_PAGES × 100 products, said on screen when the catalogue is larger).
 */
const SCAN_PAGES = 10;

function useLowStock() {
  const api = useApi();
  return useQuery({
    queryKey: ['low-stock'],
    queryFn: async () => {
      const low: Product[] = [];
      let total = 0;
      for (let page = 1; page <= SCAN_PAGES; page++) {
        const answer = await api.get<Page<Product>>(`/products?limit=100&page=${page}&sort=name`);
        total = answer.total;
        low.push(...answer.items.filter((p) => p.stock.status !== 'in_stock'));
        if (page * 100 >= answer.total) break;
      }
      return { low, scanned: Math.min(total, SCAN_PAGES * 100), total };
    },
  });
}

function Adjust({ sku }: { sku: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const stock = useQuery({
    queryKey: ['inventory', sku],
    queryFn: () => api.get<Inventory>(`/admin/inventory/${encodeURIComponent(sku)}`),
  });
  const save = useMutation({
    mutationFn: (body: unknown) =>
      api.request<Inventory>('PUT', `/admin/inventory/${encodeURIComponent(sku)}`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(['inventory', sku], saved);
      void queryClient.invalidateQueries({ queryKey: ['low-stock'] });
      void queryClient.invalidateQueries({ queryKey: ['list'] });
    },
  });
  const error = save.error instanceof ApiError ? save.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    save.mutate({ onHand: count(data, 'onHand'), lowStockThreshold: count(data, 'lowStockThreshold') });
  };
  return (
    <QueryView query={stock}>
      {(s) => (
        <form
          key={`${s.onHand}-${s.lowStockThreshold}`}
          onSubmit={onSubmit}
          aria-label={`Adjust stock of ${s.sku}`}
        >
          <dl className="grid">
            <div className="card">
              <dt>On hand</dt>
              <dd>{s.onHand}</dd>
            </div>
            <div className="card">
              <dt>Reserved</dt>
              <dd>{s.reserved}</dd>
            </div>
            <div className="card">
              <dt>Available</dt>
              <dd>{s.available}</dd>
            </div>
          </dl>
          <div className="form-row">
            <Field
              name="onHand"
              label="On hand"
              inputMode="numeric"
              isRequired
              defaultValue={String(s.onHand)}
              error={error?.fieldMessage('onHand')}
            />
            <Field
              name="lowStockThreshold"
              label="Low-stock threshold"
              inputMode="numeric"
              defaultValue={String(s.lowStockThreshold)}
              error={error?.fieldMessage('lowStockThreshold')}
            />
          </div>
          {/* Below the reserved units is refused (409): the API's message says so. */}
          {save.isError && <ErrorMessage error={save.error} />}
          {save.isSuccess && <p role="status">Stock saved.</p>}
          <Button type="submit" isDisabled={save.isPending}>
            Save stock
          </Button>
        </form>
      )}
    </QueryView>
  );
}

export function InventoryPage() {
  const [url, setUrl] = useSearchParams();
  const sku = url.get('sku') ?? '';
  const lowStock = useLowStock();
  const onLookup = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = text(new FormData(event.currentTarget), 'sku');
    setUrl(value ? { sku: value } : {});
  };
  return (
    <section>
      <h1>Inventory</h1>
      <form onSubmit={onLookup} aria-label="Stock lookup" className="form-row" key={sku}>
        <Field name="sku" label="SKU" defaultValue={sku} />
        <Button type="submit">Show stock</Button>
      </form>
      {sku && <Adjust key={sku} sku={sku} />}
      <h2>Low and out of stock</h2>
      <QueryView query={lowStock} isEmpty={(r) => r.low.length === 0} empty="Every product is in stock.">
        {(r) => (
          <>
            {r.scanned < r.total && (
              <p className="muted">
                The first {r.scanned} of {r.total} products (by name) were checked.
              </p>
            )}
            <ItemsTable
              label="Low and out of stock products"
              columns={[
                {
                  key: 'sku',
                  header: 'SKU',
                  cell: (p) => <Link to={`/inventory?sku=${encodeURIComponent(p.sku)}`}>{p.sku}</Link>,
                  rowHeader: true,
                },
                { key: 'name', header: 'Name', cell: (p) => p.name },
                { key: 'available', header: 'Available', cell: (p) => p.stock.available },
                {
                  key: 'status',
                  header: 'Status',
                  cell: (p) => (p.stock.status === 'low_stock' ? 'Low stock' : 'Out of stock'),
                },
              ]}
              rows={r.low}
              rowKey={(p) => p.id}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}
