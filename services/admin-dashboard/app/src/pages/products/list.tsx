import { DataTable, Money } from '@b2b/web-kit/ui';
import { Link } from 'react-router';
import { flatten, useCategoryTree } from '../../categories-data.ts';
import type { Product } from '../../types.ts';

const stockLabel = { in_stock: 'In stock', low_stock: 'Low stock', out_of_stock: 'Out of stock' };

export function ProductsPage() {
  const categories = useCategoryTree();
  const categoryOptions = flatten(categories.data ?? []).map((c) => ({ value: c.slug, label: c.path }));
  return (
    <section>
      <h1>Products</h1>
      <p className="actions">
        <Link to="/products/new">New product</Link>
        <Link to="/products/import">Import CSV</Link>
      </p>
      <DataTable<Product>
        label="Products"
        path="/products"
        rowKey={(p) => p.id}
        filters={[
          { name: 'q', label: 'Search', type: 'search' },
          { name: 'category', label: 'Category', type: 'select', options: categoryOptions },
        ]}
        extraSorts={['newest']}
        empty="No products match."
        columns={[
          {
            key: 'sku',
            header: 'SKU',
            rowHeader: true,
            cell: (p) => <Link to={`/products/${p.id}`}>{p.sku}</Link>,
          },
          { key: 'name', header: 'Name', sortable: true, cell: (p) => p.name },
          { key: 'status', header: 'Status', cell: (p) => p.status },
          {
            key: 'stock',
            header: 'Stock',
            cell: (p) => `${stockLabel[p.stock.status]} (${p.stock.available})`,
          },
          { key: 'price', header: 'List price', sortable: true, cell: (p) => <Money value={p.listPrice} /> },
        ]}
      />
    </section>
  );
}
