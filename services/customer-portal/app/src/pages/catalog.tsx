import { Money, type Page, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { type Category, type Product, stockLabel } from '../api-types.ts';

function CategoryTree({ categories }: { categories: readonly Category[] }) {
  return (
    <ul>
      {categories.map((c) => (
        <li key={c.id}>
          <Link to={`/categories/${c.slug}`}>{c.name}</Link>
          {c.children.length > 0 && <CategoryTree categories={c.children} />}
        </li>
      ))}
    </ul>
  );
}

export function ProductGrid({ products }: { products: readonly Product[] }) {
  return (
    <ul className="grid">
      {products.map((p) => (
        <li key={p.id} className="card product-card">
          {p.images[0] && <img src={p.images[0].url} alt={p.images[0].alt} loading="lazy" />}
          <h3>
            <Link to={`/products/${encodeURIComponent(p.sku)}`}>{p.name}</Link>
          </h3>
          <p className="muted">SKU {p.sku}</p>
          <p>
            <Money value={p.price} />
          </p>
          <p>{stockLabel[p.stock.status]}</p>
        </li>
      ))}
    </ul>
  );
}

export function CatalogPage() {
  const api = useApi();
  const { slug } = useParams();
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => api.get<Category[]>('/categories'),
  });
  const query = slug ? `?category=${encodeURIComponent(slug)}&limit=24` : '?limit=24';
  const products = useQuery({
    queryKey: ['products', slug ?? null],
    queryFn: () => api.get<Page<Product>>(`/products${query}`),
  });
  return (
    <div className="layout-sidebar">
      <nav aria-label="Categories">
        <h2>Categories</h2>
        <QueryView query={categories} isEmpty={(c) => c.length === 0} empty="No categories yet.">
          {(c) => <CategoryTree categories={c} />}
        </QueryView>
      </nav>
      <section aria-labelledby="products-heading">
        <h1 id="products-heading">{slug ? `Products in ${slug}` : 'All products'}</h1>
        <QueryView query={products} isEmpty={(p) => p.items.length === 0} empty="No products here yet.">
          {(p) => <ProductGrid products={p.items} />}
        </QueryView>
      </section>
    </div>
  );
}
