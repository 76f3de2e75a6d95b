/** What the demo catalog is made of: a B2B industrial-supply category tree and product families. */

export interface FamilySpec {
  /** Noun of the product name, e.g. "Hex bolt". */
  noun: string;
  /** Attributes and their possible values; each product picks one value of each. */
  attributes: Record<string, readonly string[]>;
  /** List price range in cents (EUR). */
  price: readonly [number, number];
  /** Sold in packs: minimum order quantities and multiples to pick from. */
  packs: readonly { minOrderQuantity: number; orderMultiple: number }[];
}

export interface SubcategorySpec {
  name: string;
  families: readonly FamilySpec[];
}

export interface RootCategorySpec {
  name: string;
  /** Sku prefix. */
  prefix: string;
  brands: readonly string[];
  /** Colours of the category's product images. */
  colour: readonly [number, number, number];
  children: readonly SubcategorySpec[];
}

const single = [{ minOrderQuantity: 1, orderMultiple: 1 }] as const;
const boxes = [
  { minOrderQuantity: 100, orderMultiple: 100 },
  { minOrderQuantity: 50, orderMultiple: 50 },
  { minOrderQuantity: 200, orderMultiple: 100 },
] as const;
const packsOf = (n: number) => [{ minOrderQuantity: n, orderMultiple: n }] as const;

export const demoCategories: readonly RootCategorySpec[] = [
  {
    name: 'Fasteners',
    prefix: 'FAS',
    brands: ['Würth', 'Fastenal', 'Bossard', 'Hilti'],
    colour: [70, 90, 120],
    children: [
      {
        name: 'Bolts',
        families: [
          {
            noun: 'Hex bolt',
            attributes: {
              thread: ['M6', 'M8', 'M10', 'M12'],
              length: ['20 mm', '30 mm', '40 mm', '60 mm'],
              finish: ['zinc plated', 'stainless A2', 'hot-dip galvanised'],
            },
            price: [8, 95],
            packs: boxes,
          },
          {
            noun: 'Carriage bolt',
            attributes: {
              thread: ['M6', 'M8', 'M10'],
              length: ['40 mm', '60 mm', '80 mm'],
              finish: ['zinc plated', 'galvanised'],
            },
            price: [12, 80],
            packs: boxes,
          },
        ],
      },
      {
        name: 'Screws',
        families: [
          {
            noun: 'Wood screw',
            attributes: { size: ['3.5 × 30', '4 × 40', '5 × 60', '6 × 80'], drive: ['PZ2', 'TX20', 'TX25'] },
            price: [3, 25],
            packs: boxes,
          },
          {
            noun: 'Machine screw',
            attributes: {
              thread: ['M3', 'M4', 'M5'],
              length: ['10 mm', '16 mm', '25 mm'],
              head: ['pan', 'countersunk'],
            },
            price: [4, 30],
            packs: boxes,
          },
        ],
      },
      {
        name: 'Nuts and washers',
        families: [
          {
            noun: 'Hex nut',
            attributes: { thread: ['M6', 'M8', 'M10', 'M12', 'M16'], grade: ['8', '10', 'A2-70'] },
            price: [2, 40],
            packs: boxes,
          },
          {
            noun: 'Flat washer',
            attributes: { size: ['M6', 'M8', 'M10', 'M12'], material: ['steel', 'stainless A4'] },
            price: [1, 15],
            packs: boxes,
          },
        ],
      },
      {
        name: 'Anchors',
        families: [
          {
            noun: 'Wedge anchor',
            attributes: {
              size: ['M8 × 75', 'M10 × 90', 'M12 × 110'],
              approval: ['ETA option 1', 'ETA option 7'],
            },
            price: [60, 320],
            packs: packsOf(25),
          },
          {
            noun: 'Nylon wall plug',
            attributes: { diameter: ['6 mm', '8 mm', '10 mm'] },
            price: [2, 9],
            packs: boxes,
          },
        ],
      },
    ],
  },
  {
    name: 'Safety and PPE',
    prefix: 'PPE',
    brands: ['3M', 'Uvex', 'Ansell', 'Honeywell', 'Delta Plus'],
    colour: [230, 160, 30],
    children: [
      {
        name: 'Gloves',
        families: [
          {
            noun: 'Nitrile disposable gloves',
            attributes: { size: ['S', 'M', 'L', 'XL'], thickness: ['4 mil', '6 mil'] },
            price: [690, 1490],
            packs: packsOf(10),
          },
          {
            noun: 'Cut-resistant gloves',
            attributes: { size: ['7', '8', '9', '10'], level: ['EN 388 C', 'EN 388 D', 'EN 388 F'] },
            price: [450, 1290],
            packs: packsOf(12),
          },
        ],
      },
      {
        name: 'Eye and face protection',
        families: [
          {
            noun: 'Safety glasses',
            attributes: { lens: ['clear', 'smoke', 'amber'], coating: ['anti-fog', 'anti-scratch'] },
            price: [390, 1890],
            packs: single,
          },
          {
            noun: 'Face shield',
            attributes: { visor: ['polycarbonate', 'acetate'] },
            price: [1490, 3990],
            packs: single,
          },
        ],
      },
      {
        name: 'Hearing protection',
        families: [
          {
            noun: 'Ear plugs',
            attributes: { snr: ['33 dB', '37 dB'], type: ['foam', 'reusable'] },
            price: [1990, 5990],
            packs: packsOf(5),
          },
          {
            noun: 'Ear defenders',
            attributes: { snr: ['27 dB', '31 dB', '35 dB'] },
            price: [1490, 4990],
            packs: single,
          },
        ],
      },
      {
        name: 'Hi-vis and workwear',
        families: [
          {
            noun: 'Hi-vis vest',
            attributes: { size: ['M', 'L', 'XL', 'XXL'], colour: ['yellow', 'orange'] },
            price: [290, 990],
            packs: packsOf(5),
          },
          {
            noun: 'Safety boots S3',
            attributes: { size: ['40', '42', '44', '46'], toe: ['steel', 'composite'] },
            price: [4990, 12990],
            packs: single,
          },
        ],
      },
    ],
  },
  {
    name: 'Electrical',
    prefix: 'ELC',
    brands: ['Schneider Electric', 'ABB', 'Legrand', 'Hager', 'Wago'],
    colour: [40, 140, 90],
    children: [
      {
        name: 'Cable and wire',
        families: [
          {
            noun: 'Installation cable NYM-J',
            attributes: { cores: ['3 × 1.5 mm²', '3 × 2.5 mm²', '5 × 2.5 mm²'], length: ['50 m', '100 m'] },
            price: [3990, 18990],
            packs: single,
          },
          {
            noun: 'Cable ties',
            attributes: { length: ['100 mm', '200 mm', '300 mm'], colour: ['black', 'natural'] },
            price: [190, 1290],
            packs: packsOf(10),
          },
        ],
      },
      {
        name: 'Circuit protection',
        families: [
          {
            noun: 'Circuit breaker',
            attributes: { rating: ['B10', 'B16', 'C16', 'C20'], poles: ['1P', '3P'] },
            price: [390, 4990],
            packs: single,
          },
          {
            noun: 'RCD',
            attributes: { rating: ['25 A', '40 A', '63 A'], sensitivity: ['30 mA', '300 mA'] },
            price: [2490, 8990],
            packs: single,
          },
        ],
      },
      {
        name: 'Connectors and terminals',
        families: [
          {
            noun: 'Lever connector',
            attributes: { poles: ['2', '3', '5'], size: ['0.2–4 mm²'] },
            price: [25, 90],
            packs: packsOf(50),
          },
          {
            noun: 'Ferrules',
            attributes: { size: ['0.75 mm²', '1.5 mm²', '2.5 mm²'] },
            price: [290, 890],
            packs: packsOf(10),
          },
        ],
      },
      {
        name: 'Lighting',
        families: [
          {
            noun: 'LED panel',
            attributes: { size: ['600 × 600', '1200 × 300'], colour: ['3000 K', '4000 K'] },
            price: [2490, 6990],
            packs: single,
          },
          {
            noun: 'LED tube T8',
            attributes: { length: ['60 cm', '120 cm', '150 cm'] },
            price: [390, 1290],
            packs: packsOf(10),
          },
        ],
      },
    ],
  },
  {
    name: 'Hand and power tools',
    prefix: 'TLS',
    brands: ['Bosch Professional', 'Makita', 'DeWalt', 'Stanley', 'Wera', 'Knipex'],
    colour: [20, 100, 170],
    children: [
      {
        name: 'Drills and drivers',
        families: [
          {
            noun: 'Cordless drill driver',
            attributes: { voltage: ['12 V', '18 V'], battery: ['2.0 Ah', '4.0 Ah', 'body only'] },
            price: [8990, 32990],
            packs: single,
          },
          {
            noun: 'Impact driver',
            attributes: { voltage: ['18 V'], battery: ['2.0 Ah', '5.0 Ah', 'body only'] },
            price: [9990, 29990],
            packs: single,
          },
        ],
      },
      {
        name: 'Hand tools',
        families: [
          {
            noun: 'Combination pliers',
            attributes: { length: ['160 mm', '180 mm', '200 mm'], insulation: ['VDE 1000 V', 'none'] },
            price: [1290, 4490],
            packs: single,
          },
          {
            noun: 'Screwdriver set',
            attributes: { pieces: ['6', '7', '12'], type: ['slotted/PH', 'TX', 'VDE'] },
            price: [1990, 6990],
            packs: single,
          },
        ],
      },
      {
        name: 'Measuring',
        families: [
          {
            noun: 'Tape measure',
            attributes: { length: ['3 m', '5 m', '8 m'] },
            price: [590, 2490],
            packs: single,
          },
          {
            noun: 'Spirit level',
            attributes: { length: ['40 cm', '60 cm', '100 cm', '120 cm'] },
            price: [1490, 5990],
            packs: single,
          },
        ],
      },
      {
        name: 'Drill bits and blades',
        families: [
          {
            noun: 'HSS drill bit set',
            attributes: { pieces: ['13', '19', '25'] },
            price: [1490, 5990],
            packs: single,
          },
          {
            noun: 'Jigsaw blades',
            attributes: { material: ['wood', 'metal', 'laminate'], count: ['5', '25'] },
            price: [590, 3490],
            packs: single,
          },
        ],
      },
    ],
  },
  {
    name: 'Packaging',
    prefix: 'PKG',
    brands: ['Smurfit Kappa', 'Tesa', 'Raja', 'Sealed Air'],
    colour: [160, 110, 60],
    children: [
      {
        name: 'Boxes',
        families: [
          {
            noun: 'Corrugated box',
            attributes: {
              size: ['305 × 215 × 150', '400 × 300 × 300', '600 × 400 × 400'],
              wall: ['single', 'double'],
            },
            price: [45, 390],
            packs: boxes,
          },
        ],
      },
      {
        name: 'Tape',
        families: [
          {
            noun: 'Packing tape',
            attributes: { width: ['48 mm', '75 mm'], type: ['PP acrylic', 'PVC', 'paper'] },
            price: [150, 690],
            packs: packsOf(6),
          },
        ],
      },
      {
        name: 'Protective packaging',
        families: [
          {
            noun: 'Bubble wrap roll',
            attributes: { width: ['500 mm', '1000 mm'], length: ['50 m', '100 m'] },
            price: [1290, 4990],
            packs: single,
          },
          {
            noun: 'Stretch film',
            attributes: { width: ['450 mm', '500 mm'], gauge: ['17 µm', '23 µm'] },
            price: [890, 2490],
            packs: packsOf(6),
          },
        ],
      },
    ],
  },
  {
    name: 'Office and janitorial',
    prefix: 'OFJ',
    brands: ['Tork', 'Kimberly-Clark', 'Leitz', 'Vileda', 'Fellowes'],
    colour: [140, 60, 140],
    children: [
      {
        name: 'Paper and hygiene',
        families: [
          {
            noun: 'Paper towel rolls',
            attributes: { ply: ['1-ply', '2-ply'], length: ['150 m', '300 m'] },
            price: [1990, 5990],
            packs: packsOf(6),
          },
          {
            noun: 'Copy paper A4',
            attributes: { weight: ['80 g/m²', '90 g/m²'], whiteness: ['CIE 146', 'CIE 161'] },
            price: [390, 790],
            packs: packsOf(5),
          },
        ],
      },
      {
        name: 'Cleaning',
        families: [
          {
            noun: 'All-purpose cleaner',
            attributes: { volume: ['1 l', '5 l', '10 l'], scent: ['neutral', 'lemon'] },
            price: [290, 3490],
            packs: single,
          },
          {
            noun: 'Microfibre cloths',
            attributes: { colour: ['blue', 'red', 'green', 'yellow'], count: ['5', '10'] },
            price: [490, 1490],
            packs: single,
          },
        ],
      },
      {
        name: 'Office supplies',
        families: [
          {
            noun: 'Lever arch file',
            attributes: { width: ['50 mm', '80 mm'], colour: ['black', 'blue', 'red'] },
            price: [190, 590],
            packs: packsOf(10),
          },
          {
            noun: 'Ballpoint pens',
            attributes: { colour: ['blue', 'black', 'red'], count: ['10', '50'] },
            price: [290, 1990],
            packs: single,
          },
        ],
      },
    ],
  },
];
