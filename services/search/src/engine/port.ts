/**
 * The search engine port. The service talks to the index only through these types, so the
 * in-memory MiniSearch adapter can be replaced by an Amazon OpenSearch Service adapter (see the
 * README) without touching the routes or the domain.
 */

export type Availability = 'in_stock' | 'low_stock' | 'out_of_stock';

/** What the index holds per product: the searchable text, the facet values and the summary shown. */
export interface SearchDocument {
  id: string;
  sku: string;
  name: string;
  slug: string;
  description: string;
  brand: string;
  categoryIds: string[];
  attributes: Record<string, string>;
  images: { url: string; alt: string }[];
  /** The product's own price (the buyer's company price is quoted per page shown). */
  listPrice: { amount: string; currency: string };
  minOrderQuantity: number;
  orderMultiple: number;
  availability: Availability;
  /** When the product was first indexed (ISO-8601): the "newest" sort. */
  createdAt: string;
  version: number;
}

export interface CategoryLabel {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
}

export type SearchSort = 'relevance' | 'price' | '-price' | 'newest';

export interface SearchQuery {
  /** Free text; empty means "everything" (browsing by facets). */
  q: string;
  /** Category ids or slugs; a category also matches the products of its sub-categories. */
  categories: string[];
  /** Brands as shown in the facet (compared case- and accent-insensitively). */
  brands: string[];
  /** Inclusive bounds on the list price, in units of 1/10,000 of the currency (no floats). */
  minPrice?: bigint;
  maxPrice?: bigint;
  /** Undefined: any availability; an empty list matches nothing. */
  availability?: Availability[];
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface SearchHit {
  doc: SearchDocument;
  score: number;
  /** The query was this product's sku or part number. */
  exactCode: boolean;
}

export interface PriceBucket {
  /** Decimal strings; `to` is exclusive and absent on the open-ended top bucket. */
  from: string;
  to?: string;
  count: number;
}

export interface Facets {
  category: { value: string; label: string; count: number }[];
  brand: { value: string; count: number }[];
  price: PriceBucket[];
  availability: { value: Availability; count: number }[];
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  facets: Facets;
}

export interface Suggestion {
  text: string;
  kind: 'product' | 'brand' | 'category';
  productId?: string;
  sku?: string;
}

/** The engine: asynchronous, so a remote engine (OpenSearch) fits the same port. */
export interface SearchEngine {
  /** Adds or replaces a product (the caller has already applied "newer version wins"). */
  upsert(doc: SearchDocument): Promise<void>;
  remove(id: string): Promise<void>;
  /** Changes a held product's stock status only (no re-indexing of its text); unknown ids are ignored. */
  setAvailability(id: string, availability: Availability): Promise<void>;
  /** Replaces the category tree used for labels and sub-category filtering. */
  setCategories(categories: CategoryLabel[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  suggest(q: string, limit: number): Promise<Suggestion[]>;
  /** Number of products held. */
  size(): number;
}
