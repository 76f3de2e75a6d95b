/** An in-memory recipient directory: the people the user service would return. */
import type { CompanyRole } from '@b2b/shared/auth';
import type { Recipient, RecipientDirectory } from '../../src/domain/recipients.ts';

export interface TestPerson extends Recipient {
  userId: string;
  companyId: string | null;
  companyRole: CompanyRole | null;
  admin?: boolean;
}

export class MemoryDirectory implements RecipientDirectory {
  readonly people = new Map<string, TestPerson>();

  add(person: TestPerson): TestPerson {
    this.people.set(person.userId, person);
    return person;
  }

  async user(id: string) {
    return this.people.get(id) ?? null;
  }

  async companyMembers(companyId: string, role: CompanyRole) {
    return [...this.people.values()].filter((p) => p.companyId === companyId && p.companyRole === role);
  }

  async platformAdmins() {
    return [...this.people.values()].filter((p) => p.admin);
  }
}
