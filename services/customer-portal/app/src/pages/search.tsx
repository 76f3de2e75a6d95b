import { Field, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { Form } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import type { Product } from '../api-types.ts';
import { ProductGrid } from './catalog.tsx';

interface SearchResult {
  readonly items: readonly Product[];
  readonly total: number;
  readonly facets: {
    readonly category: readonly { value: string; label: string; count: number }[];
    readonly brand: readonly { value: string; count: number }[];
  };
}

export function SearchPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const search = useQuery({
    queryKey: ['search', params.toString()],
    queryFn: () => api.get<SearchResult>(`/search?${params.toString()}`),
    enabled: q.length > 0,
  });
  const withFacet = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    return `/search?${next.toString()}`;
  };
  return (
    <section>
      <h1>Search</h1>
      <Form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const value = String(new FormData(event.currentTarget).get('q') ?? '');
          setParams(value ? { q: value } : {});
        }}
      >
        <Field name="q" label="Search products by name or SKU" defaultValue={q} />
      </Form>
      {q && (
        <QueryView query={search} isEmpty={(r) => r.items.length === 0} empty={`No products match “${q}”.`}>
          {(r) => (
            <div className="layout-sidebar">
              <aside aria-label="Filters">
                <h2>Category</h2>
                <ul>
                  {r.facets.category.map((f) => (
                    <li key={f.value}>
                      <Link to={withFacet('category', f.value)}>
                        {f.label} ({f.count})
                      </Link>
                    </li>
                  ))}
                </ul>
                <h2>Brand</h2>
                <ul>
                  {r.facets.brand.map((f) => (
                    <li key={f.value}>
                      <Link to={withFacet('brand', f.value)}>
                        {f.value} ({f.count})
                      </Link>
                    </li>
                  ))}
                </ul>
              </aside>
              <div>
                <p>{r.total} results</p>
                <ProductGrid products={r.items} />
              </div>
            </div>
          )}
        </QueryView>
      )}
    </section>
  );
}
