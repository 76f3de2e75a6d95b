import {
  Button,
  type Column,
  ErrorMessage,
  ItemsTable,
  Money,
  QuantityStepper,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { type Product, stockLabel } from '../api-types.ts';
import { AddToList } from '../components/add-to-list.tsx';

const tierColumns: readonly Column<Product['priceTiers'][number]>[] = [
  { key: 'minQuantity', header: 'From quantity', cell: (t) => t.minQuantity },
  { key: 'price', header: 'Unit price', cell: (t) => <Money value={t.price} /> },
];

function AddToCart({ product }: { product: Product }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState(Math.max(product.minOrderQuantity, product.orderMultiple));
  const add = useMutation({
    mutationFn: () => api.request('POST', '/cart/items', { sku: product.sku, quantity }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cart'] }),
  });
  return (
    <div>
      <QuantityStepper
        label="Quantity"
        value={quantity}
        min={product.minOrderQuantity}
        step={product.orderMultiple}
        onChange={setQuantity}
      />
      <Button
        onPress={() => add.mutate()}
        isDisabled={add.isPending || product.stock.status === 'out_of_stock'}
      >
        Add to cart
      </Button>
      {add.isSuccess && <p role="status">Added to your cart.</p>}
      {add.isError && <ErrorMessage error={add.error} />}
    </div>
  );
}

export function ProductPage() {
  const api = useApi();
  const { idOrSku = '' } = useParams();
  const product = useQuery({
    queryKey: ['product', idOrSku],
    queryFn: () => api.get<Product>(`/products/${encodeURIComponent(idOrSku)}`),
  });
  return (
    <QueryView query={product}>
      {(p) => (
        <article>
          <h1>{p.name}</h1>
          <p className="muted">
            SKU {p.sku}
            {p.brand ? ` · ${p.brand}` : ''}
          </p>
          {p.images[0] && <img src={p.images[0].url} alt={p.images[0].alt} />}
          <p>
            Your price: <Money value={p.price} />{' '}
            {p.listPrice.amount !== p.price.amount && (
              <span className="muted">
                (list <Money value={p.listPrice} />)
              </span>
            )}
          </p>
          {p.priceTiers.length > 0 && (
            <ItemsTable
              label="Volume prices"
              caption="Volume prices"
              columns={tierColumns}
              rows={p.priceTiers}
              rowKey={(t) => String(t.minQuantity)}
            />
          )}
          <p>
            Minimum order {p.minOrderQuantity}, in multiples of {p.orderMultiple}.{' '}
            {stockLabel[p.stock.status]} ({p.stock.available} available).
          </p>
          {p.description && <p>{p.description}</p>}
          {p.attributes && Object.keys(p.attributes).length > 0 && (
            <dl className="totals" aria-label="Attributes">
              {Object.entries(p.attributes).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          )}
          <AddToCart product={p} />
          <AddToList product={p} />
        </article>
      )}
    </QueryView>
  );
}
