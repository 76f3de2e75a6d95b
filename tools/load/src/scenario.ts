/**
 * One iteration of a simulated buyer: choose the next route from the mix and send it through the
 * load balancer with the person's own token and office address. Logged-in browsing, as B2B buyers
 * do (their company's prices): every request also costs the gateway a token check.
 */
import type { LoadClient } from './driver.ts';
import type { RouteName } from './mix.ts';
import type { Account, Catalogue } from './setup.ts';

const shippingAddress = { line1: 'Lastweg 1', city: 'Berlin', postalCode: '10115', country: 'DE' };

export interface ScenarioInput {
  readonly client: LoadClient;
  readonly catalogue: Catalogue;
  /** Account of worker w is accounts[w % length]: give one per worker for carts of their own. */
  readonly accounts: readonly Account[];
  readonly choose: () => RouteName;
  readonly random: () => number;
  /** Unique per run: idempotency keys of checkouts. */
  readonly run: string;
}

export function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.min(list.length - 1, Math.floor(random() * list.length))]!;
}

export function createIteration(input: ScenarioInput): (worker: number) => Promise<void> {
  const { client, catalogue, random } = input;
  let checkouts = 0;
  return async (worker) => {
    const account = input.accounts[worker % input.accounts.length]!;
    const headers = { authorization: `Bearer ${account.token}`, 'x-forwarded-for': account.clientIp };
    const addLine = () => {
      const item = pick(catalogue.items, random);
      return client.send('cart', {
        method: 'POST',
        path: '/api/v1/cart/items',
        headers,
        body: { sku: item.sku, quantity: item.quantity },
      });
    };
    const route = input.choose();
    switch (route) {
      case 'search': {
        const q = encodeURIComponent(pick(catalogue.searchTerms, random));
        await client.send(route, { method: 'GET', path: `/api/v1/search?q=${q}&limit=20`, headers });
        return;
      }
      case 'product':
        await client.send(route, {
          method: 'GET',
          path: `/api/v1/products/${encodeURIComponent(pick(catalogue.items, random).sku)}`,
          headers,
        });
        return;
      case 'category':
        await client.send(route, {
          method: 'GET',
          path: `/api/v1/products?category=${encodeURIComponent(pick(catalogue.categories, random))}&limit=20`,
          headers,
        });
        return;
      case 'cart':
        // Half look at the cart (prices re-checked), half put something in it.
        if (random() < 0.5) await client.send(route, { method: 'GET', path: '/api/v1/cart', headers });
        else await addLine();
        return;
      case 'checkout': {
        // A checkout needs a line in the cart: that add is a cart request and is counted as one.
        await addLine();
        await client.send(route, {
          method: 'POST',
          path: '/api/v1/orders',
          headers: { ...headers, 'idempotency-key': `load-${input.run}-${worker}-${++checkouts}` },
          body: { shippingAddress, paymentMethod: 'card', cardToken: 'tok_visa' },
        });
        return;
      }
    }
  };
}
