import {
  ApiError,
  Button,
  ErrorMessage,
  Field,
  Money,
  type MoneyValue,
  type Page,
  QueryView,
  useApi,
} from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';

interface AdminProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly status: string;
  readonly listPrice: MoneyValue;
}

function CreateProduct() {
  const api = useApi();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: unknown) => api.request<AdminProduct>('POST', '/admin/products', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin-products'] }),
  });
  const error = create.error instanceof ApiError ? create.error : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    create.mutate({
      sku: text('sku'),
      name: text('name'),
      // The amount stays the decimal string typed: never parsed into a number.
      listPrice: { amount: text('amount'), currency: text('currency').toUpperCase() },
    });
  };
  return (
    <Form onSubmit={onSubmit} aria-labelledby="create-heading">
      <h2 id="create-heading">New product (draft)</h2>
      <Field name="sku" label="SKU" isRequired error={error?.fieldMessage('sku')} />
      <Field name="name" label="Name" isRequired error={error?.fieldMessage('name')} />
      <Field
        name="amount"
        label="List price (e.g. 12.50)"
        isRequired
        error={error?.fieldMessage('listPrice/amount')}
      />
      <Field
        name="currency"
        label="Currency"
        isRequired
        defaultValue="EUR"
        error={error?.fieldMessage('listPrice/currency')}
      />
      {create.isError && <ErrorMessage error={create.error} />}
      {create.isSuccess && <p role="status">Created {create.data.sku}.</p>}
      <Button type="submit" isDisabled={create.isPending}>
        Create
      </Button>
    </Form>
  );
}

export function ProductsPage() {
  const api = useApi();
  const products = useQuery({
    queryKey: ['admin-products'],
    queryFn: () => api.get<Page<AdminProduct>>('/products?limit=100'),
  });
  return (
    <section>
      <h1>Products</h1>
      <QueryView query={products} isEmpty={(p) => p.items.length === 0} empty="No products yet.">
        {(p) => (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">List price</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((item) => (
                  <tr key={item.id}>
                    <td>{item.sku}</td>
                    <td>{item.name}</td>
                    <td>{item.status}</td>
                    <td>
                      <Money value={item.listPrice} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      <CreateProduct />
    </section>
  );
}
