/**
 * The B2B buying tools of the local demo companies (`npm start`): per company a shared and a
 * private shopping list, two cost centers, an approval rule and one open quote, so whoever tries
 * the portal finds each tool with data in it. (Monthly budgets belong to the user service: its
 * seed sets them, the order service learns them from member.updated.)
 *
 * Database-per-service: the companies and members come from this service's own projections of
 * the user service's snapshots (company.updated / member.updated), found by company name and
 * company role; prices and skus come from the product service like any other request. Everything
 * is written through the same use cases the API runs (createShoppingList, putCostCenters, ...).
 *
 * Idempotent: each step of each company is claimed once in `demo_seed_steps` (a unique _id), so a
 * second run, or two runs at once, add nothing, and what a person changed or deleted since stays
 * as they left it. A step that fails gives its claim back, so the next run retries it.
 */
import { isDuplicateKey } from '@b2b/shared/db';
import type { Db } from 'mongodb';
import { putApprovalRules, putCostCenters } from '../domain/company-settings.ts';
import type { Caller, OrderContext } from '../domain/context.ts';
import type { ApproverRole } from '../domain/model.ts';
import { pricedLine, quantityRuleMessages } from '../domain/priced-lines.ts';
import { requestQuote } from '../domain/quotes.ts';
import { createShoppingList } from '../domain/shopping-lists.ts';

type CompanyRole = Caller['companyRole'];

interface DemoLine {
  sku: string;
  quantity: number;
  note?: string;
}

export interface DemoBuyingTools {
  /** The company's name in the user service's demo seed (services/user/src/demo-data.ts). */
  company: string;
  /** The members who own the lists and request the quote, by their demo company role. */
  lists: { owner: CompanyRole; name: string; shared: boolean; items: DemoLine[] }[];
  costCenters: { code: string; name: string }[];
  approvalRules: { minTotal: string; approverRole: ApproverRole }[];
  quote: {
    requester: CompanyRole;
    items: { sku: string; quantity: number; targetPrice?: string }[];
    note: string;
  };
}

/** Skus of the product service's demo catalog (services/product/src/demo), which is deterministic. */
export const DEMO_BUYING_TOOLS: readonly DemoBuyingTools[] = [
  {
    company: 'Acme Industrial',
    lists: [
      {
        owner: 'buyer',
        name: 'Workshop restock (monthly)',
        shared: true,
        items: [
          { sku: 'PPE-00009', quantity: 20, note: 'Nitrile gloves for the paint shop' },
          { sku: 'PPE-00011', quantity: 10 },
          { sku: 'FAS-00005', quantity: 500, note: 'M8 nuts, A2' },
        ],
      },
      {
        owner: 'buyer',
        name: 'My site visit kit',
        shared: false,
        items: [
          { sku: 'PPE-00012', quantity: 1 },
          { sku: 'PPE-00015', quantity: 5, note: 'Visitors' },
        ],
      },
    ],
    costCenters: [
      { code: 'CC-100', name: 'Maintenance' },
      { code: 'CC-200', name: 'Production line 2' },
    ],
    // Above the buyer's 5,000.00 spending limit: large orders need an approver, very large ones
    // the company admin as well (lowest level first).
    approvalRules: [
      { minTotal: '15000.00', approverRole: 'approver' },
      { minTotal: '40000.00', approverRole: 'company_admin' },
    ],
    quote: {
      requester: 'buyer',
      items: [
        { sku: 'PPE-00016', quantity: 120, targetPrice: '85.00' },
        { sku: 'PPE-00014', quantity: 60 },
      ],
      note: 'Safety boots and ear defenders for the new hall: one delivery in March, please.',
    },
  },
  {
    company: 'Globex Supplies',
    lists: [
      {
        owner: 'company_admin',
        name: 'Office electrics',
        shared: true,
        items: [
          { sku: 'ELC-00018', quantity: 20 },
          { sku: 'ELC-00024', quantity: 10, note: 'Warm white only' },
        ],
      },
      {
        owner: 'company_admin',
        name: 'Ideas for the warehouse',
        shared: false,
        items: [{ sku: 'ELC-00023', quantity: 4 }],
      },
    ],
    costCenters: [
      { code: 'GX-OPS', name: 'Operations' },
      { code: 'GX-ADM', name: 'Administration' },
    ],
    approvalRules: [{ minTotal: '2000.00', approverRole: 'company_admin' }],
    quote: {
      requester: 'company_admin',
      items: [{ sku: 'ELC-00017', quantity: 30, targetPrice: '60.00' }],
      note: 'Cable for the warehouse extension: can you match 60.00 a drum?',
    },
  },
];

export interface SeedOptions {
  /** How long to wait for the projections and the catalog (services start next to the seed). */
  timeoutMs: number;
  /** Pause between looks while waiting. */
  pollMs?: number;
}

export interface SeedSummary {
  company: string;
  /** Steps created by this run (an empty list: everything existed already). */
  created: string[];
}

/** One claim each: a list (by its name), the cost centers, the rules, the quote. */
type Step = `shopping-list:${string}` | 'cost-centers' | 'approval-rules' | 'quote';

/** Waits (with a deadline) for what the seed needs from the other services. */
async function until<T>(
  what: string,
  look: () => Promise<T | undefined>,
  deadline: number,
  pollMs: number,
): Promise<T> {
  let last: unknown;
  for (;;) {
    try {
      const found = await look();
      if (found !== undefined) return found;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? ` (last error: ${last.message})` : '';
      throw new Error(`demo seed: gave up waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The company's members by role, as this service's projections know them. */
async function demoMembers(ctx: OrderContext, spec: DemoBuyingTools, deadline: number, pollMs: number) {
  const roles = new Set<CompanyRole>([...spec.lists.map((l) => l.owner), spec.quote.requester]);
  roles.add('company_admin');
  return until(
    `the projections of ${spec.company} and its members (member.updated from the user service)`,
    async () => {
      const company = await ctx.repos.companies.collection.findOne({ name: spec.company });
      if (!company) return undefined;
      const callers = new Map<CompanyRole, Caller>();
      for (const role of roles) {
        const member = await ctx.repos.members.collection.findOne(
          { companyId: company._id, companyRole: role, status: 'active' },
          { sort: { _id: 1 } },
        );
        if (!member) return undefined;
        callers.set(role, { userId: member._id, companyId: company._id, companyRole: role });
      }
      return { companyId: company._id, callers };
    },
    deadline,
    pollMs,
  );
}

/** Every sku the company's demo data names is priced by the product service (its seed has run). */
async function catalogReady(
  ctx: OrderContext,
  spec: DemoBuyingTools,
  companyId: string,
  deadline: number,
  pollMs: number,
) {
  const lines = [...spec.lists.flatMap((l) => l.items), ...spec.quote.items].map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
  }));
  const quote = await until(
    `the demo catalog's skus in the product service (${lines.map((l) => l.sku).join(', ')})`,
    async () => {
      const answer = await ctx.prices.quote(companyId, lines, { fresh: true });
      return answer.lines.every((l) => pricedLine(l) !== undefined) ? answer : undefined;
    },
    deadline,
    pollMs,
  );
  // A catalog that changed its pack sizes is a mistake here, not something to wait out.
  const broken = quote.lines.flatMap((l) => quantityRuleMessages(l).map((m) => `${l.sku}: ${m}`));
  if (broken.length > 0)
    throw new Error(`demo seed: demo quantities break the catalog's rules: ${broken.join('; ')}`);
}

/** Runs `work` once per company and step: claimed first, the claim given back if it fails. */
async function once(db: Db, companyId: string, step: Step, work: () => Promise<void>): Promise<boolean> {
  const steps = db.collection<{ _id: string; companyId: string; step: Step; at: Date }>('demo_seed_steps');
  const _id = `${companyId}:${step}`;
  try {
    await steps.insertOne({ _id, companyId, step, at: new Date() });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  try {
    await work();
    return true;
  } catch (err) {
    await steps.deleteOne({ _id });
    throw err;
  }
}

export async function seedDemoBuyingTools(
  ctx: OrderContext,
  db: Db,
  options: SeedOptions,
  specs: readonly DemoBuyingTools[] = DEMO_BUYING_TOOLS,
): Promise<SeedSummary[]> {
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 500;
  const summaries: SeedSummary[] = [];
  for (const spec of specs) {
    const { companyId, callers } = await demoMembers(ctx, spec, deadline, pollMs);
    const as = (role: CompanyRole) => callers.get(role)!;
    await catalogReady(ctx, spec, companyId, deadline, pollMs);
    const currency = (await ctx.repos.companies.find(companyId))?.currency ?? 'EUR';
    const steps: [Step, () => Promise<unknown>][] = [
      ...spec.lists.map((list): [Step, () => Promise<unknown>] => [
        `shopping-list:${list.name}`,
        () =>
          createShoppingList(ctx, as(list.owner), {
            name: list.name,
            shared: list.shared,
            items: list.items,
          }),
      ]),
      ['cost-centers', () => putCostCenters(ctx, as('company_admin'), spec.costCenters)],
      [
        'approval-rules',
        () =>
          putApprovalRules(
            ctx,
            as('company_admin'),
            spec.approvalRules.map((r) => ({
              minTotal: { amount: r.minTotal, currency },
              approverRole: r.approverRole,
            })),
          ),
      ],
      [
        'quote',
        () =>
          requestQuote(ctx, as(spec.quote.requester), {
            items: spec.quote.items.map((i) => ({
              sku: i.sku,
              quantity: i.quantity,
              ...(i.targetPrice ? { targetPrice: { amount: i.targetPrice, currency } } : {}),
            })),
            note: spec.quote.note,
          }),
      ],
    ];
    const created: string[] = [];
    for (const [step, work] of steps) {
      if (
        await once(db, companyId, step, async () => {
          await work();
        })
      ) {
        created.push(step);
      }
    }
    summaries.push({ company: spec.company, created });
  }
  return summaries;
}
