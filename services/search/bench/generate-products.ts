/**
 * Deterministic B2B catalogue for the bench: n products built from a seeded generator, so two runs
 * (and both engines) index exactly the same text. Names look like an industrial supplier's.
 */
import type { CategoryLabel, SearchDocument } from '../src/engine/port.ts';

const KINDS = [
  'Hex screw',
  'Carriage bolt',
  'Wing nut',
  'Washer',
  'Threaded rod',
  'Anchor bolt',
  'Drill bit',
  'Cutting disc',
  'Angle grinder',
  'Cordless drill',
  'Safety gloves',
  'Safety glasses',
  'Hydraulic hose',
  'Gear pump',
  'Ball bearing',
  'Pallet truck',
  'Cable tie',
  'Hose clamp',
  'Pipe fitting',
  'Ball valve',
  'Pressure gauge',
  'Work light',
  'Extension cable',
  'Circuit breaker',
  'Contactor',
  'Torque wrench',
  'Socket set',
  'Spirit level',
  'Tape measure',
  'Ladder',
];
const MATERIALS = ['stainless', 'galvanized', 'brass', 'aluminium', 'steel', 'nylon', 'copper', 'PVC'];
const SIZES = ['M4', 'M5', 'M6', 'M8', 'M10', 'M12', 'M16', '1/4"', '1/2"', '3/4"', '6 mm', '10 mm', '25 mm'];
const PACKS = ['10 pcs', '50 pcs', '100 pcs', '200 pcs', 'single', 'set of 6', 'box of 500'];
const BRANDS = [
  'Würth',
  'Fischer',
  'Bosch',
  'Makita',
  'Hilti',
  'Parker',
  'Hydac',
  'SKF',
  'Uvex',
  'Jungheinrich',
  'Gedore',
  'Wera',
  'Stabila',
  'Knipex',
  'Schneider Electric',
  'ABB',
  'Siemens',
  'Festo',
  '3M',
  'Hazet',
];
const WORDS = [
  'durable',
  'corrosion',
  'resistant',
  'industrial',
  'grade',
  'certified',
  'DIN',
  'ISO',
  'heavy',
  'duty',
  'precision',
  'machined',
  'tested',
  'workshop',
  'construction',
  'maintenance',
  'professional',
  'quality',
  'compatible',
  'standard',
  'high',
  'performance',
  'long',
  'life',
  'ergonomic',
  'lightweight',
  'robust',
];

/** mulberry32: small, fast and good enough to make varied but repeatable data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchCategories(): CategoryLabel[] {
  const top = ['Fasteners', 'Tools', 'Safety', 'Hydraulics', 'Electrical', 'Warehouse'];
  const out: CategoryLabel[] = top.map((name, i) => ({
    id: `c${i}`,
    name,
    slug: name.toLowerCase(),
    parentId: null,
  }));
  KINDS.forEach((kind, i) => {
    out.push({
      id: `c${top.length + i}`,
      name: `${kind}s`,
      slug: kind.toLowerCase().replace(/\W+/g, '-'),
      parentId: `c${i % top.length}`,
    });
  });
  return out;
}

export function generateProducts(n: number, seed = 42): SearchDocument[] {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const categories = benchCategories();
  const out: SearchDocument[] = [];
  for (let i = 0; i < n; i++) {
    const kindIndex = Math.floor(rnd() * KINDS.length);
    const kind = KINDS[kindIndex]!;
    const brand = pick(BRANDS);
    const name = `${kind} ${pick(SIZES)} ${pick(MATERIALS)}, ${pick(PACKS)}`;
    const words = Array.from({ length: 12 + Math.floor(rnd() * 20) }, () => pick(WORDS));
    const cents = 10 + Math.floor(rnd() * rnd() * 500_000);
    out.push({
      id: `prod-${String(i).padStart(6, '0')}`,
      sku: `${brand
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 2)
        .toUpperCase()}-${100000 + i}`,
      name,
      slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${i}`,
      description: `${name} by ${brand}. ${words.join(' ')}.`,
      brand,
      categoryIds: [categories[6 + kindIndex]!.id],
      attributes: { material: pick(MATERIALS), 'Manufacturer part number': `MPN${(i * 7919) % 1_000_000}` },
      images: [{ url: `https://img.example/${i}.jpg`, alt: name }],
      listPrice: {
        amount: `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
        currency: 'EUR',
      },
      minOrderQuantity: 1,
      orderMultiple: 1,
      availability: rnd() < 0.8 ? 'in_stock' : rnd() < 0.5 ? 'low_stock' : 'out_of_stock',
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      version: 1,
    });
  }
  return out;
}

/** Queries a buyer types: words, a typo, a sku, a brand, a prefix. */
export const BENCH_QUERIES = [
  'hex screw m8',
  'hydraulik hose',
  'UV-100042',
  'bosch drill',
  'stainless',
  'gear pu',
  'safety glovs',
];
export const BENCH_SUGGEST = ['hy', 'hex', 'bosc', 'safety g', 'ball v'];
