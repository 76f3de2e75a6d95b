/**
 * The product page's "add to a shopping list": one of the lists the member may edit (their own and
 * the company's shared ones) gets this product at its minimum order quantity; a product already
 * on the list grows by that much (the API merges lines by sku).
 */
import { Button, ErrorMessage, type Page, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Product } from '../api-types.ts';
import type { ShoppingList } from '../buying-types.ts';
import { SelectField } from './fields.tsx';

export function AddToList({ product }: { product: Product }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const lists = useQuery({
    queryKey: ['shopping-lists'],
    queryFn: () => api.get<Page<ShoppingList>>('/shopping-lists?limit=100'),
  });
  const [chosen, setChosen] = useState('');
  const items = lists.data?.items ?? [];
  const listId = chosen || items[0]?.id || '';
  const add = useMutation({
    mutationFn: () =>
      api.request<ShoppingList>('POST', `/shopping-lists/${listId}/items`, {
        sku: product.sku,
        quantity: Math.max(product.minOrderQuantity, product.orderMultiple),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['shopping-lists', saved.id], saved);
      return queryClient.invalidateQueries({ queryKey: ['shopping-lists'], exact: true });
    },
  });
  if (lists.isPending) return null;
  if (items.length === 0) {
    return (
      <p className="muted">
        <Link to="/shopping-lists">Create a shopping list</Link> to keep this product for later.
      </p>
    );
  }
  return (
    <div>
      <SelectField
        id="add-to-list"
        name="list"
        label="Shopping list"
        value={listId}
        onChange={(value) => {
          setChosen(value);
          add.reset();
        }}
        options={items.map((l) => ({ value: l.id, label: l.shared ? `${l.name} (shared)` : l.name }))}
      />
      <Button className="react-aria-Button secondary" onPress={() => add.mutate()} isDisabled={add.isPending}>
        Add to list
      </Button>
      {add.isSuccess && (
        <p role="status">
          Added to <Link to={`/shopping-lists/${add.data.id}`}>{add.data.name}</Link>.
        </p>
      )}
      {add.isError && <ErrorMessage error={add.error} />}
    </div>
  );
}
