/**
 * The demo catalog of `npm start`: about 500 products over the category tree of catalog-spec.ts,
 * several brands per category, attributes, tier prices, packs (minimum order quantity and
 * multiple), some low or out of stock, generated images, and the Acme contract price list.
 * Deterministic: the same seed gives the same catalog, byte for byte.
 */
import { createHash } from 'node:crypto';
import type { PriceListInput } from '../domain/price-lists.ts';
import type { ProductInput } from '../domain/products.ts';
import { demoCategories } from './catalog-spec.ts';
import { renderPng } from './png.ts';
import { createRandom } from './prng.ts';

/**
 * The Acme price list's fixed id. The user service's demo seed assigns it to Acme Industrial
 * (services/user/src/demo-data.ts), and the assignment reaches this service by company.updated.
 */
export const ACME_PRICE_LIST_ID = 'acme-contract-2026';

export interface DemoCategory {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
}

export interface DemoProduct extends ProductInput {
  id: string;
  /** File name of its image (see images). */
  imageFile: string;
  onHand: number;
  lowStockThreshold: number;
}

export interface DemoCatalog {
  categories: DemoCategory[];
  products: DemoProduct[];
  /** PNG files to place in the media directory, by file name. */
  images: Map<string, Buffer>;
  acmePriceList: PriceListInput;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const amount = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const eur = (cents: number) => ({ amount: amount(cents), currency: 'EUR' });

/** A stable file name of the local image store's form (32 hex characters and the type). */
function imageFileFor(key: string): string {
  return `${createHash('sha256').update(`demo-image:${key}`).digest('hex').slice(0, 32)}.png`;
}

export function generateDemoCatalog(count = 500, seed = 20_260_101): DemoCatalog {
  const random = createRandom(seed);
  const categories: DemoCategory[] = [];
  const families: {
    root: (typeof demoCategories)[number];
    subcategoryId: string;
    family: (typeof demoCategories)[number]['children'][number]['families'][number];
    imageFile: string;
  }[] = [];
  const images = new Map<string, Buffer>();
  for (const root of demoCategories) {
    const rootId = `cat-${slugify(root.name)}`;
    categories.push({ id: rootId, name: root.name, slug: slugify(root.name), parentId: null });
    for (const sub of root.children) {
      const slug = slugify(sub.name);
      const subcategoryId = `cat-${slug}`;
      categories.push({ id: subcategoryId, name: sub.name, slug, parentId: rootId });
      sub.families.forEach((family, i) => {
        const imageFile = imageFileFor(`${slug}/${family.noun}`);
        const accent = root.colour.map((c) => Math.min(255, c + 70)) as unknown as [number, number, number];
        images.set(imageFile, renderPng(96, root.colour, accent, 10 + i * 6));
        families.push({ root, subcategoryId, family, imageFile });
      });
    }
  }

  const products: DemoProduct[] = [];
  for (let n = 0; n < count; n++) {
    const { root, subcategoryId, family, imageFile } = families[n % families.length]!;
    const brand = random.pick(root.brands);
    const attributes: Record<string, string> = {};
    for (const [name, values] of Object.entries(family.attributes)) attributes[name] = random.pick(values);
    const sku = `${root.prefix}-${String(n + 1).padStart(5, '0')}`;
    const pack = random.pick(family.packs);
    const listCents = random.int(family.price[0], family.price[1]);
    // Volume tiers: about 60% of products, more for those sold by the box.
    const priceTiers =
      random.chance(pack.orderMultiple > 1 ? 0.9 : 0.5) && listCents >= 10
        ? [
            { minQuantity: pack.minOrderQuantity * 5, price: eur(Math.max(1, Math.round(listCents * 0.95))) },
            { minQuantity: pack.minOrderQuantity * 20, price: eur(Math.max(1, Math.round(listCents * 0.9))) },
          ]
        : [];
    const lowStockThreshold = Math.max(10, pack.minOrderQuantity * 2);
    const roll = random.next();
    const onHand =
      roll < 0.08
        ? 0
        : roll < 0.2
          ? random.int(1, lowStockThreshold - 1)
          : random.int(lowStockThreshold * 2, lowStockThreshold * 60);
    const name = `${brand} ${family.noun}, ${Object.values(attributes).join(', ')}`;
    products.push({
      id: `prd-${sku.toLowerCase()}`,
      sku,
      name,
      description: `${family.noun} by ${brand}. ${Object.entries(attributes)
        .map(([k, v]) => `${k[0]!.toUpperCase()}${k.slice(1)}: ${v}`)
        .join('. ')}. Sold ${pack.orderMultiple > 1 ? `in packs of ${pack.orderMultiple}` : 'individually'}.`,
      brand,
      categoryIds: [subcategoryId],
      attributes,
      listPrice: eur(listCents),
      priceTiers,
      minOrderQuantity: pack.minOrderQuantity,
      orderMultiple: pack.orderMultiple,
      status: random.chance(0.04) ? 'draft' : 'active',
      imageFile,
      onHand,
      lowStockThreshold,
    });
  }

  // Acme's contract: about one product in six at 12% below list, a deeper tier on half of them.
  const contract = products.filter((_, i) => i % 6 === 0 && random.chance(0.9));
  const acmePriceList: PriceListInput = {
    name: 'Acme Industrial contract 2026',
    currency: 'EUR',
    entries: contract.map((p) => {
      const listCents = Number(p.listPrice.amount.replace('.', ''));
      const contractCents = Math.max(1, Math.round(listCents * 0.88));
      return {
        sku: p.sku,
        price: eur(contractCents),
        ...(random.chance(0.5)
          ? {
              tiers: [
                {
                  minQuantity: (p.minOrderQuantity ?? 1) * 10,
                  price: eur(Math.max(1, Math.round(listCents * 0.8))),
                },
              ],
            }
          : {}),
      };
    }),
  };
  return { categories, products, images, acmePriceList };
}
