/**
 * What the mix needs before the first step, read and made through the public API only: the
 * catalogue the demo seed created (skus with their order quantities, category slugs, search
 * words), and one buyer account per simulated person, so each has a cart of its own and no two
 * people check out the same cart. The first person is the seed's demo buyer (Acme, logged in: its
 * contract price list and approval limit); the others are company registrations (POST
 * /auth/register answers with the new admin's access token, so registering is logging in): the
 * demo seed has one buyer, and a person who shares a cart empties it under another's checkout.
 */
import type { Answer, LoadRequest } from './driver.ts';

export type Call = (request: LoadRequest) => Promise<Answer>;

export interface CatalogueItem {
  readonly sku: string;
  /** What the cart accepts: at least minOrderQuantity, a multiple of orderMultiple. */
  readonly quantity: number;
}

export interface Catalogue {
  readonly items: readonly CatalogueItem[];
  readonly categories: readonly string[];
  readonly searchTerms: readonly string[];
}

export interface Account {
  readonly email: string;
  readonly token: string;
  /** The office it calls from (x-forwarded-for, trusted from the load balancer as from the ALB). */
  readonly clientIp: string;
}

function expect200(answer: Answer, what: string): Answer {
  if (answer.status < 200 || answer.status >= 300)
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer;
}

/** The smallest quantity the cart accepts for a product. */
export function orderableQuantity(minOrderQuantity: number, orderMultiple: number): number {
  return Math.ceil(Math.max(1, minOrderQuantity) / orderMultiple) * orderMultiple;
}

export interface ProductLike {
  sku: string;
  name: string;
  status?: string;
  stock?: { available: number; status: string };
  minOrderQuantity: number;
  orderMultiple: number;
}

interface CategoryNode {
  slug: string;
  children?: CategoryNode[];
}

/** Distinct lower-case words of 4+ letters from product names: what buyers type into search. */
export function searchTermsOf(names: readonly string[], max: number): string[] {
  const terms = new Set<string>();
  for (const name of names)
    for (const word of name.toLowerCase().split(/[^a-z]+/))
      if (word.length >= 4 && terms.size < max) terms.add(word);
  return [...terms];
}

/**
 * Products a buyer can put in the cart and check out many times over: active, and with stock for
 * at least `reserve` checkouts of their smallest quantity (a demo product out of stock would turn
 * checkouts into 409 CART_NOT_ORDERABLE answers that measure the catalogue, not the platform).
 */
export function orderableItems(products: readonly ProductLike[], reserve = 20): CatalogueItem[] {
  return products
    .filter((p) => p.status === undefined || p.status === 'active')
    .map((p) => ({ product: p, quantity: orderableQuantity(p.minOrderQuantity, p.orderMultiple) }))
    .filter(({ product, quantity }) => (product.stock?.available ?? 0) >= reserve * quantity)
    .map(({ product, quantity }) => ({ sku: product.sku, quantity }));
}

export function categorySlugsOf(tree: readonly CategoryNode[]): string[] {
  return tree.flatMap((node) => [node.slug, ...categorySlugsOf(node.children ?? [])]);
}

export async function readCatalogue(call: Call): Promise<Catalogue> {
  const products: ProductLike[] = [];
  for (let page = 1; page <= 3; page++) {
    const answer = expect200(
      await call({ method: 'GET', path: `/api/v1/products?limit=100&page=${page}` }),
      'list products',
    );
    products.push(...(answer.body.items as ProductLike[]));
    if ((answer.body.items as unknown[]).length < 100) break;
  }
  const tree = expect200(await call({ method: 'GET', path: '/api/v1/categories' }), 'category tree');
  const catalogue = {
    items: orderableItems(products),
    categories: categorySlugsOf(tree.body as CategoryNode[]),
    searchTerms: searchTermsOf(
      products.map((p) => p.name),
      50,
    ),
  };
  if (catalogue.items.length === 0 || catalogue.categories.length === 0 || catalogue.searchTerms.length === 0)
    throw new Error('the platform has no catalogue to browse: was npm start run with its demo seed?');
  return catalogue;
}

/** Logs `email` in through the API from `clientIp`: a demo account of the seed. */
export async function logIn(call: Call, email: string, password: string, clientIp: string): Promise<Account> {
  const answer = expect200(
    await call({
      method: 'POST',
      path: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': clientIp },
      body: { email, password },
    }),
    `log in ${email}`,
  );
  return { email, token: answer.body.accessToken as string, clientIp };
}

/** Office address of account `i`: 10.77.0.0/16, one per account. */
export function clientIpOf(i: number): string {
  return `10.77.${(i >> 8) & 255}.${(i & 255) + 1}`;
}

/**
 * Registers `count` companies (a few at a time: each costs the user service a password hash) and
 * returns their admins' tokens. `run` keeps emails unique when the same database is reused.
 */
export async function registerAccounts(
  call: Call,
  count: number,
  run: string,
  opts: { parallel?: number; firstIp?: number } = {},
): Promise<Account[]> {
  const parallel = opts.parallel ?? 4;
  const accounts: Account[] = new Array(count);
  let next = 0;
  const register = async () => {
    for (let i = next++; i < count; i = next++) {
      const email = `load.${run}.${i}@load.example`;
      const clientIp = clientIpOf(i + (opts.firstIp ?? 0));
      const answer = expect200(
        await call({
          method: 'POST',
          path: '/api/v1/auth/register',
          headers: { 'x-forwarded-for': clientIp },
          body: {
            email,
            password: `load run passphrase ${run}`,
            name: `Load Buyer ${i}`,
            companyName: `Load Test ${run} ${i}`,
          },
        }),
        `register ${email}`,
      );
      accounts[i] = { email, token: answer.body.accessToken as string, clientIp };
    }
  };
  await Promise.all(Array.from({ length: Math.max(0, Math.min(parallel, count)) }, register));
  return accounts;
}
