import type { AuthUser } from '@b2b/shared/auth';
import type { ProductStatus } from './model.ts';

/** Who is looking at the catalog: what they may see and whose prices they get. */
export interface Viewer {
  isAdmin: boolean;
  /** From the verified access token; null for anonymous callers and platform staff. */
  companyId: string | null;
}

export function viewerOf(auth: AuthUser | null): Viewer {
  return { isAdmin: auth?.roles.includes('admin') ?? false, companyId: auth?.companyId ?? null };
}

/** Buyers and anonymous callers see active products only; admins see every status. */
export function visibleStatuses(viewer: Viewer): ProductStatus[] | undefined {
  return viewer.isAdmin ? undefined : ['active'];
}
