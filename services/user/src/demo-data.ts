/**
 * Local demo accounts. The passwords below exist only for laptops: seed.ts refuses to run with
 * NODE_ENV=production, and production creates its first admin with the create-admin command.
 */
import { randomUUID } from 'node:crypto';
import { isDuplicateKey, storedMoneyFromJson } from '@b2b/shared/db';
import type { CompanyDoc, CompanyRole, UserDoc } from './domain/model.ts';
import { createPlatformAdmin } from './domain/platform-admin.ts';
import type { PasswordHasher } from './passwords/hasher.ts';
import type { CompanyRepository } from './repositories/companies.ts';
import type { UserRepository } from './repositories/users.ts';

export const LOCAL_ADMIN = {
  email: 'admin@b2b.local',
  name: 'Platform Admin',
  password: 'local-admin-passphrase',
};
export const DEMO_PASSWORD = 'local-demo-passphrase';

interface DemoCompany {
  name: string;
  paymentTerms: CompanyDoc['paymentTerms'];
  creditLimit: string;
  /** A price list of the product service's demo seed (services/product/src/demo/demo-catalog.ts). */
  priceListId?: string;
  members: {
    email: string;
    name: string;
    companyRole: CompanyRole;
    spendingLimit?: string;
    /** EUR a calendar month (UTC); orders beyond it wait for approval (the order service decides). */
    monthlyBudget?: string;
  }[];
}

export const DEMO_COMPANIES: DemoCompany[] = [
  {
    name: 'Acme Industrial',
    paymentTerms: 'net30',
    creditLimit: '50000.00',
    priceListId: 'acme-contract-2026',
    members: [
      { email: 'admin@acme.example', name: 'Alice Acme', companyRole: 'company_admin' },
      { email: 'approver@acme.example', name: 'Arthur Approver', companyRole: 'approver' },
      {
        email: 'buyer@acme.example',
        name: 'Bea Buyer',
        companyRole: 'buyer',
        spendingLimit: '5000.00',
        monthlyBudget: '25000.00',
      },
    ],
  },
  {
    // A second company, so isolation between companies can be tried by hand.
    name: 'Globex Supplies',
    paymentTerms: 'prepaid',
    creditLimit: '0.00',
    members: [
      {
        email: 'admin@globex.example',
        name: 'Gus Globex',
        companyRole: 'company_admin',
        monthlyBudget: '8000.00',
      },
    ],
  },
];

export interface DemoDeps {
  users: UserRepository;
  companies: CompanyRepository;
  hasher: PasswordHasher;
  now: () => Date;
}

/** Idempotent: what exists is left alone (passwords are not reset), what is missing is created. */
export async function seedDemoData(deps: DemoDeps): Promise<string[]> {
  const lines: string[] = [];
  const admin = await createPlatformAdmin(deps, LOCAL_ADMIN);
  lines.push(
    `platform admin: ${LOCAL_ADMIN.email} / ${LOCAL_ADMIN.password}${admin.created ? ' (created)' : ''}`,
  );
  const demoHash = await deps.hasher.hash(DEMO_PASSWORD);

  for (const spec of DEMO_COMPANIES) {
    const now = deps.now();
    let company = await deps.companies.findByName(spec.name);
    if (!company) {
      company = {
        _id: randomUUID(),
        name: spec.name,
        status: 'active',
        paymentTerms: spec.paymentTerms,
        creditLimit: storedMoneyFromJson({ amount: spec.creditLimit, currency: 'EUR' }),
        creditUsed: storedMoneyFromJson({ amount: '0.00', currency: 'EUR' }),
        priceListId: spec.priceListId ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await deps.companies.insert(company);
    }
    for (const member of spec.members) {
      if (!(await deps.users.findByEmail(member.email))) {
        const user: UserDoc = {
          _id: randomUUID(),
          email: member.email,
          name: member.name,
          phone: null,
          passwordHash: demoHash,
          status: 'active',
          roles: [],
          companyId: company._id,
          companyRole: member.companyRole,
          spendingLimit: member.spendingLimit
            ? storedMoneyFromJson({ amount: member.spendingLimit, currency: 'EUR' })
            : null,
          monthlyBudget: member.monthlyBudget
            ? storedMoneyFromJson({ amount: member.monthlyBudget, currency: 'EUR' })
            : null,
          preferences: {},
          tokensNotBefore: 0,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        await deps.users.insert(user).catch((err: unknown) => {
          // Another seed run created it meanwhile: fine, that is the idempotent outcome.
          if (!isDuplicateKey(err)) throw err;
        });
      }
      const limit = member.spendingLimit ? `, spending limit ${member.spendingLimit} EUR` : '';
      const budget = member.monthlyBudget ? `, monthly budget ${member.monthlyBudget} EUR` : '';
      lines.push(`${spec.name} ${member.companyRole}: ${member.email} / ${DEMO_PASSWORD}${limit}${budget}`);
    }
  }
  return lines;
}
