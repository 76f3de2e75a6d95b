/**
 * Search with autocomplete (GET /search/suggest as the buyer types) and facets (category, brand,
 * price band, availability): each facet is a group of checkboxes kept in the URL, so a filtered
 * result is a link that can be shared and the back button undoes a filter.
 */
import { Button, formatMoney, Money, type MoneyValue, QueryView, useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Checkbox,
  CheckboxGroup,
  ComboBox,
  Form,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
} from 'react-aria-components';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { type SearchItem, type SearchResult, type Suggestion, stockLabel } from '../api-types.ts';

/** Filters that may repeat in the query string (any of the values). */
const multiValued = ['category', 'brand', 'availability'] as const;

function SearchBox({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const api = useApi();
  const navigate = useNavigate();
  const [text, setText] = useState(initial);
  const typed = text.trim();
  const suggest = useQuery({
    queryKey: ['suggest', typed],
    queryFn: () =>
      api.get<{ suggestions: Suggestion[] }>(`/search/suggest?q=${encodeURIComponent(typed)}&limit=8`),
    enabled: typed.length >= 2,
    staleTime: 60_000,
  });
  const suggestions = (typed.length >= 2 ? (suggest.data?.suggestions ?? []) : []).map((s, i) => ({
    ...s,
    key: `${i}:${s.kind}:${s.text}`,
  }));
  return (
    <Form
      role="search"
      className="search-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(typed);
      }}
    >
      <ComboBox
        className="field combo"
        aria-label="Search products by name, brand or SKU"
        inputValue={text}
        onInputChange={setText}
        items={suggestions}
        allowsCustomValue
        allowsEmptyCollection
        menuTrigger="input"
        onSelectionChange={(key) => {
          const chosen = suggestions.find((s) => s.key === key);
          if (!chosen) return;
          if (chosen.kind === 'product' && chosen.sku)
            navigate(`/products/${encodeURIComponent(chosen.sku)}`);
          else {
            setText(chosen.text);
            onSearch(chosen.text);
          }
        }}
      >
        <Label>Search products by name, brand or SKU</Label>
        <Input name="q" />
        <Popover className="combo-popover">
          <ListBox>
            {(s: (typeof suggestions)[number]) => (
              <ListBoxItem id={s.key} textValue={s.text}>
                {s.text} <span className="muted">{s.kind}</span>
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <Button type="submit">Search</Button>
    </Form>
  );
}

function priceBand(from: string, to: string | undefined, currency: string) {
  const low = formatMoney({ amount: from, currency });
  return to ? `${low} – ${formatMoney({ amount: to, currency })}` : `${low} and more`;
}

function Facets({ result, currency }: { result: SearchResult; currency: string }) {
  const [params, setParams] = useSearchParams();
  const setMany = (key: string, values: string[]) => {
    const next = new URLSearchParams(params);
    next.delete(key);
    for (const v of values) next.append(key, v);
    next.delete('page');
    setParams(next);
  };
  const priceKey = params.has('minPrice') ? `${params.get('minPrice')}:${params.get('maxPrice') ?? ''}` : '';
  const { facets } = result;
  return (
    <aside aria-label="Filters" className="facets">
      {facets.category.length > 0 && (
        <CheckboxGroup value={params.getAll('category')} onChange={(v) => setMany('category', v)}>
          <Label>Category</Label>
          {facets.category.map((f) => (
            <Checkbox key={f.value} value={f.value}>
              {f.label} ({f.count})
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
      {facets.brand.length > 0 && (
        <CheckboxGroup value={params.getAll('brand')} onChange={(v) => setMany('brand', v)}>
          <Label>Brand</Label>
          {facets.brand.map((f) => (
            <Checkbox key={f.value} value={f.value}>
              {f.value} ({f.count})
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
      {facets.price.length > 0 && (
        <CheckboxGroup
          value={priceKey ? [priceKey] : []}
          onChange={(values) => {
            // One price band at a time: the newest choice wins.
            const chosen = values.filter((v) => v !== priceKey).at(-1);
            const next = new URLSearchParams(params);
            next.delete('minPrice');
            next.delete('maxPrice');
            if (chosen) {
              const [from = '', to = ''] = chosen.split(':');
              next.set('minPrice', from);
              if (to) next.set('maxPrice', to);
            }
            setParams(next);
          }}
        >
          <Label>Price</Label>
          {facets.price.map((f) => (
            <Checkbox key={f.from} value={`${f.from}:${f.to ?? ''}`}>
              {priceBand(f.from, f.to, currency)} ({f.count})
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
      {facets.availability.length > 0 && (
        <CheckboxGroup value={params.getAll('availability')} onChange={(v) => setMany('availability', v)}>
          <Label>Availability</Label>
          {facets.availability.map((f) => (
            <Checkbox key={f.value} value={f.value}>
              {stockLabel[f.value]} ({f.count})
            </Checkbox>
          ))}
        </CheckboxGroup>
      )}
    </aside>
  );
}

function ResultList({ items }: { items: readonly SearchItem[] }) {
  return (
    <ul className="grid">
      {items.map((p) => (
        <li key={p.id} className="card product-card">
          {p.images[0] && <img src={p.images[0].url} alt={p.images[0].alt} loading="lazy" />}
          <h3>
            <Link to={`/products/${encodeURIComponent(p.sku)}`}>{p.name}</Link>
          </h3>
          <p className="muted">
            SKU {p.sku} · {p.brand}
          </p>
          <p>
            <Money value={p.price} />
          </p>
          <p>{stockLabel[p.availability]}</p>
        </li>
      ))}
    </ul>
  );
}

export function SearchPage() {
  const api = useApi();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const hasCriteria = [...params.keys()].some(
    (k) => k === 'q' || (multiValued as readonly string[]).includes(k),
  );
  const search = useQuery({
    queryKey: ['search', params.toString()],
    queryFn: () => api.get<SearchResult>(`/search?${params.toString()}&limit=24`),
    enabled: hasCriteria,
    placeholderData: (previous) => previous,
  });
  const currency: MoneyValue['currency'] = search.data?.items[0]?.price.currency ?? 'EUR';
  return (
    <section>
      <h1>Search</h1>
      <SearchBox key={q} initial={q} onSearch={(value) => setParams(value ? { q: value } : {})} />
      {hasCriteria && (
        <QueryView query={search}>
          {(r) => (
            <div className="layout-sidebar">
              <Facets result={r} currency={currency} />
              <div>
                <p role="status">
                  {r.total} {r.total === 1 ? 'result' : 'results'}
                  {q ? ` for “${q}”` : ''}
                </p>
                {r.items.length === 0 ? (
                  <p className="notice">No products match. Try fewer filters or another word.</p>
                ) : (
                  <ResultList items={r.items} />
                )}
              </div>
            </div>
          )}
        </QueryView>
      )}
    </section>
  );
}
