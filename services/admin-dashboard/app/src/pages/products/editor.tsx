import { ApiError, Button, ErrorMessage, Field, QueryView, SelectField, useApi } from '@b2b/web-kit/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { Link, useNavigate, useParams } from 'react-router';
import { flatten, useCategoryTree } from '../../categories-data.ts';
import { productBody } from '../../forms.ts';
import { RowsEditor } from '../../rows-editor.tsx';
import type { Product } from '../../types.ts';
import { ProductImages } from './images.tsx';

const statusOptions = [
  { value: 'draft', label: 'Draft (invisible to buyers)' },
  { value: 'active', label: 'Active' },
];

function ProductForm({ product }: { product?: Product }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const categories = useCategoryTree();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      product
        ? api.request<Product>('PATCH', `/admin/products/${product.id}`, body)
        : api.request<Product>('POST', '/admin/products', body),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['list'] });
      queryClient.setQueryData(['product', saved.id], saved);
      if (!product) void navigate(`/products/${saved.id}`, { state: { created: true } });
    },
  });
  const archive = useMutation({
    mutationFn: () => api.request('DELETE', `/admin/products/${product?.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['list'] });
      void queryClient.invalidateQueries({ queryKey: ['product', product?.id] });
    },
  });
  const error = save.error instanceof ApiError ? save.error : undefined;
  const at = (path: string) => error?.fieldMessage(path);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(productBody(new FormData(event.currentTarget)));
  };
  const flat = flatten(categories.data ?? []);
  return (
    <Form onSubmit={onSubmit} aria-label={product ? `Edit ${product.sku}` : 'New product'}>
      <div className="form-row">
        <Field name="sku" label="SKU" isRequired defaultValue={product?.sku} error={at('sku')} />
        <Field name="name" label="Name" isRequired defaultValue={product?.name} error={at('name')} />
        <Field name="slug" label="Slug (optional)" defaultValue={product?.slug} error={at('slug')} />
      </div>
      <Field
        name="description"
        label="Description"
        multiline
        defaultValue={product?.description}
        error={at('description')}
      />
      <div className="form-row">
        <Field name="brand" label="Brand" defaultValue={product?.brand} error={at('brand')} />
        <SelectField
          name="status"
          label="Status"
          options={
            product?.status === 'archived'
              ? [...statusOptions, { value: 'archived', label: 'Archived' }]
              : statusOptions
          }
          defaultValue={product?.status ?? 'draft'}
          error={at('status')}
        />
      </div>
      <fieldset>
        <legend>List price</legend>
        <div className="form-row">
          <Field
            name="amount"
            label="Amount (e.g. 12.50)"
            inputMode="decimal"
            isRequired
            defaultValue={product?.listPrice.amount}
            error={at('listPrice/amount') ?? at('listPrice')}
          />
          <Field
            name="currency"
            label="Currency"
            isRequired
            defaultValue={product?.listPrice.currency ?? 'EUR'}
            error={at('listPrice/currency')}
          />
        </div>
      </fieldset>
      <div className="form-row">
        <Field
          name="minOrderQuantity"
          label="Minimum order quantity"
          inputMode="numeric"
          defaultValue={String(product?.minOrderQuantity ?? 1)}
          error={at('minOrderQuantity')}
        />
        <Field
          name="orderMultiple"
          label="Order multiple"
          inputMode="numeric"
          defaultValue={String(product?.orderMultiple ?? 1)}
          error={at('orderMultiple')}
        />
      </div>
      <RowsEditor
        legend="Price tiers"
        prefix="tiers"
        addLabel="Add tier"
        fields={[
          { key: 'minQuantity', label: 'From quantity', inputMode: 'numeric' },
          { key: 'amount', label: 'Unit price', inputMode: 'decimal' },
        ]}
        initial={(product?.priceTiers ?? []).map((t) => ({
          minQuantity: String(t.minQuantity),
          amount: t.price.amount,
        }))}
        errorOf={(i, field) =>
          field === 'amount'
            ? (at(`priceTiers/${i}/price/amount`) ?? at(`priceTiers/${i}/price`))
            : at(`priceTiers/${i}/minQuantity`)
        }
      />
      <RowsEditor
        legend="Attributes"
        prefix="attributes"
        addLabel="Add attribute"
        fields={[
          { key: 'name', label: 'Attribute' },
          { key: 'value', label: 'Value' },
        ]}
        initial={Object.entries(product?.attributes ?? {}).map(([name, value]) => ({ name, value }))}
      />
      <fieldset>
        <legend>Categories</legend>
        {flat.length === 0 && <p className="muted">No categories yet.</p>}
        {flat.map((c) => (
          <div key={c.id}>
            <label>
              <input
                type="checkbox"
                name="categoryIds"
                value={c.id}
                defaultChecked={product?.categoryIds.includes(c.id)}
              />{' '}
              {c.path}
            </label>
          </div>
        ))}
        {at('categoryIds') && <p className="react-aria-FieldError">{at('categoryIds')}</p>}
      </fieldset>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && product && <p role="status">Saved.</p>}
      <div className="actions">
        <Button type="submit" isDisabled={save.isPending}>
          {product ? 'Save changes' : 'Create product'}
        </Button>
        {product && product.status !== 'archived' && (
          <Button
            className="react-aria-Button danger"
            isDisabled={archive.isPending}
            onPress={() => archive.mutate()}
          >
            Archive
          </Button>
        )}
      </div>
      {archive.isError && <ErrorMessage error={archive.error} />}
    </Form>
  );
}

export function NewProductPage() {
  return (
    <section>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      <h1>New product</h1>
      <ProductForm />
    </section>
  );
}

export function EditProductPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const product = useQuery({
    queryKey: ['product', id],
    queryFn: () => api.get<Product>(`/products/${encodeURIComponent(id)}`),
  });
  return (
    <section>
      <p>
        <Link to="/products">← Products</Link>
      </p>
      <QueryView query={product}>
        {(p) => (
          <>
            <h1>
              {p.name} <small className="muted">({p.status})</small>
            </h1>
            {/* Remounted after each save, so the form shows what the API stored. */}
            <ProductForm key={`${p.id}-${p.status}`} product={p} />
            <ProductImages product={p} />
          </>
        )}
      </QueryView>
    </section>
  );
}
