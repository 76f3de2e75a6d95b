/**
 * Shopping lists: mine and the company's shared ones; a new list empty, from the cart or from a
 * past order; one list's lines (quantity, note), shared or private, and "add to cart" for the
 * whole list or the chosen lines at today's prices, with the lines that could not be added and why.
 */
import {
  Button,
  ErrorMessage,
  Field,
  formatDateTime,
  type Page,
  QueryView,
  useApi,
  useSession,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import type { BulkResult, Order } from '../api-types.ts';
import type { ShoppingList } from '../buying-types.ts';
import { apiErrorOf } from '../components/api-error.ts';
import { SelectField } from '../components/fields.tsx';

const EMPTY = 'empty';
const FROM_CART = 'cart';

function NewListForm() {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const orders = useQuery({
    queryKey: ['orders', 'recent'],
    queryFn: () => api.get<Page<Order>>('/orders?limit=20'),
  });
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.request<ShoppingList>('POST', '/shopping-lists', body),
    onSuccess: async (list) => {
      await queryClient.invalidateQueries({ queryKey: ['shopping-lists'] });
      navigate(`/shopping-lists/${list.id}`);
    },
  });
  const error = apiErrorOf(create.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const source = String(data.get('source') ?? EMPTY);
    create.mutate({
      name: String(data.get('name') ?? '').trim(),
      shared: data.get('shared') === 'on',
      ...(source === FROM_CART ? { fromCart: true } : source !== EMPTY ? { fromOrderId: source } : {}),
    });
  };
  const orderOptions = (orders.data?.items ?? []).map((o) => ({
    value: o.id,
    label: `From order ${o.orderNumber} (${formatDateTime(o.createdAt)})`,
  }));
  return (
    <Form onSubmit={onSubmit} aria-labelledby="new-list">
      <h2 id="new-list">New list</h2>
      <Field name="name" label="List name" isRequired error={error?.fieldMessage('name')} />
      <SelectField
        id="list-source"
        name="source"
        label="Lines"
        defaultValue={EMPTY}
        options={[
          { value: EMPTY, label: 'Empty (add lines later)' },
          { value: FROM_CART, label: 'From my cart' },
          ...orderOptions,
        ]}
        error={error?.fieldMessage('fromOrderId')}
      />
      <Checkbox name="shared" value="on">
        Share with my company
      </Checkbox>
      {create.isError && <ErrorMessage error={create.error} />}
      <Button type="submit" isDisabled={create.isPending}>
        Create list
      </Button>
    </Form>
  );
}

export function ShoppingListsPage() {
  const api = useApi();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user.id : '';
  const lists = useQuery({
    queryKey: ['shopping-lists'],
    queryFn: () => api.get<Page<ShoppingList>>('/shopping-lists?limit=100'),
  });
  return (
    <section>
      <h1>Shopping lists</h1>
      <QueryView query={lists} isEmpty={(p) => p.items.length === 0} empty="No lists yet.">
        {(p) => (
          <ul className="stack">
            {p.items.map((l) => (
              <li key={l.id} className="card">
                <h2>
                  <Link to={`/shopping-lists/${l.id}`}>{l.name}</Link>
                </h2>
                <p className="muted">
                  {l.shared ? 'Shared with the company' : 'Private'} · {l.items.length}{' '}
                  {l.items.length === 1 ? 'line' : 'lines'}
                  {l.ownerId !== me ? ' · a colleague’s' : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <NewListForm />
    </section>
  );
}

function AddLine({ list }: { list: ShoppingList }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.request<ShoppingList>('POST', `/shopping-lists/${list.id}/items`, body),
    onSuccess: (saved) => queryClient.setQueryData(['shopping-lists', list.id], saved),
  });
  const error = apiErrorOf(add.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const quantity = text('quantity');
    add.mutate({
      sku: text('sku'),
      // An integer when it is one, else as typed for the API to refuse by name.
      quantity: /^\d{1,9}$/.test(quantity) ? Number(quantity) : quantity,
      ...(text('note') ? { note: text('note') } : {}),
    });
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="add-line">
      <h2 id="add-line">Add a line</h2>
      <Field name="sku" label="SKU" isRequired error={error?.fieldMessage('sku')} />
      <Field
        name="quantity"
        label="Quantity"
        inputMode="numeric"
        isRequired
        defaultValue="1"
        error={error?.fieldMessage('quantity')}
      />
      <Field name="note" label="Note (optional)" error={error?.fieldMessage('note')} />
      {add.isError && !error?.fieldErrors.length && <ErrorMessage error={add.error} />}
      <Button type="submit" isDisabled={add.isPending}>
        Add line
      </Button>
    </Form>
  );
}

function CartResult({ result }: { result: BulkResult }) {
  return (
    <div role="status">
      <p>
        {result.added.length} {result.added.length === 1 ? 'line' : 'lines'} added to the cart.{' '}
        <Link to="/cart">Open the cart</Link>
      </p>
      {result.errors.length > 0 && (
        <ul className="notice notice-warning">
          {result.errors.map((e) => (
            <li key={`${e.line}-${e.sku}`}>
              Line {e.line ?? '?'} ({e.sku}): {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ListDetail({ list, isOwner }: { list: ShoppingList; isOwner: boolean }) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const saved = (l: ShoppingList) => queryClient.setQueryData(['shopping-lists', list.id], l);
  const toCart = useMutation({
    mutationFn: () =>
      api.request<BulkResult>(
        'POST',
        `/shopping-lists/${list.id}/add-to-cart`,
        chosen.size > 0 ? { itemIds: [...chosen] } : {},
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cart'] }),
  });
  const share = useMutation({
    mutationFn: () =>
      api.request<ShoppingList>('PATCH', `/shopping-lists/${list.id}`, { shared: !list.shared }),
    onSuccess: saved,
  });
  const removeLine = useMutation({
    mutationFn: (itemId: string) =>
      api.request<ShoppingList>('DELETE', `/shopping-lists/${list.id}/items/${itemId}`),
    onSuccess: (l) => l && saved(l),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['shopping-lists', list.id] }),
  });
  const remove = useMutation({
    mutationFn: () => api.request('DELETE', `/shopping-lists/${list.id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['shopping-lists'] });
      navigate('/shopping-lists');
    },
  });
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <div className="stack">
      <h1>{list.name}</h1>
      <p className="muted">{list.shared ? 'Shared with the company' : 'Private'}</p>
      {list.items.length === 0 ? (
        <p className="notice">No lines yet.</p>
      ) : (
        <ul className="stack">
          {list.items.map((line, i) => (
            <li key={line.id} className="card">
              <Checkbox isSelected={chosen.has(line.id)} onChange={(on) => toggle(line.id, on)}>
                Line {i + 1}: {line.quantity} × {line.sku}
              </Checkbox>
              {line.note && <p className="muted">{line.note}</p>}
              <Button
                className="react-aria-Button secondary"
                onPress={() => removeLine.mutate(line.id)}
                aria-label={`Remove line ${i + 1} (${line.sku})`}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <Button onPress={() => toCart.mutate()} isDisabled={toCart.isPending || list.items.length === 0}>
          {chosen.size > 0 ? `Add ${chosen.size} chosen to cart` : 'Add all to cart'}
        </Button>
        {isOwner && (
          <Button className="react-aria-Button secondary" onPress={() => share.mutate()}>
            {list.shared ? 'Make private' : 'Share with the company'}
          </Button>
        )}
        <Button className="react-aria-Button secondary" onPress={() => remove.mutate()}>
          Delete list
        </Button>
      </div>
      {toCart.isSuccess && <CartResult result={toCart.data} />}
      {Object.entries({ toCart, share, removeLine, remove }).map(([action, m]) =>
        m.isError ? <ErrorMessage key={action} error={m.error} /> : null,
      )}
      <AddLine list={list} />
    </div>
  );
}

export function ShoppingListPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.user.id : '';
  const list = useQuery({
    queryKey: ['shopping-lists', id],
    queryFn: () => api.get<ShoppingList>(`/shopping-lists/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/shopping-lists">All lists</Link>
      </p>
      <QueryView query={list}>{(l) => <ListDetail list={l} isOwner={l.ownerId === me} />}</QueryView>
    </section>
  );
}
