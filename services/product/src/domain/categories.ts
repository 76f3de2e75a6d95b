/**
 * The category tree as a materialised path: each category stores the ids from the root down to
 * itself (`/a/b/c/`), so "this category and everything below it" is one prefix query and a move
 * rewrites the prefix of the moved subtree.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogContext } from './context.ts';
import { productErrors } from './errors.ts';
import type { CategoryDoc } from './model.ts';
import { duplicateKeyField } from './unique-fields.ts';

/** How deep the tree may go (the tree's response schema is nested this many levels). */
export const MAX_CATEGORY_DEPTH = 6;

function depthOf(path: string): number {
  return path.split('/').length - 2;
}

export interface CategoryInput {
  name: string;
  slug?: string;
  parentId?: string | null;
}

export interface CategoryNode {
  category: CategoryDoc;
  children: CategoryNode[];
}

function slugOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'category'
  );
}

async function parentPath(ctx: CatalogContext, parentId: string | null | undefined): Promise<string> {
  if (!parentId) return '/';
  const parent = await ctx.repos.categories.findById(parentId);
  if (!parent) throw productErrors.unknownCategory('/parentId');
  return parent.path;
}

function rethrowDuplicate(err: unknown, slug: string): never {
  if (duplicateKeyField(err) === 'slug') throw productErrors.categorySlugTaken(slug);
  throw err;
}

export async function createCategory(ctx: CatalogContext, input: CategoryInput): Promise<CategoryDoc> {
  const now = ctx.now();
  const id = randomUUID();
  const category: CategoryDoc = {
    _id: id,
    name: input.name.trim(),
    slug: input.slug ?? slugOf(input.name),
    parentId: input.parentId ?? null,
    path: `${await parentPath(ctx, input.parentId)}${id}/`,
    createdAt: now,
    updatedAt: now,
  };
  if (depthOf(category.path) > MAX_CATEGORY_DEPTH) throw productErrors.categoryTooDeep(MAX_CATEGORY_DEPTH);
  try {
    await ctx.repos.categories.insert(category);
  } catch (err) {
    rethrowDuplicate(err, category.slug);
  }
  return category;
}

export async function getCategory(ctx: CatalogContext, id: string): Promise<CategoryDoc> {
  const category = await ctx.repos.categories.findById(id);
  if (!category) throw productErrors.categoryNotFound();
  return category;
}

/** Rename, change the slug, or move under another parent (null: to the root) with the whole subtree. */
export async function updateCategory(
  ctx: CatalogContext,
  id: string,
  changes: Partial<CategoryInput>,
): Promise<CategoryDoc> {
  const before = await getCategory(ctx, id);
  const now = ctx.now();
  const moving = changes.parentId !== undefined && changes.parentId !== before.parentId;
  let path = before.path;
  if (moving) {
    if (changes.parentId === id) throw productErrors.categoryCycle();
    const newParentPath = await parentPath(ctx, changes.parentId);
    // The new parent lies inside the moved subtree: the tree would loop.
    if (newParentPath.startsWith(before.path)) throw productErrors.categoryCycle();
    path = `${newParentPath}${id}/`;
    const subtree = await ctx.repos.categories.subtree(before.path);
    const deepest = Math.max(...subtree.map((c) => depthOf(c.path)));
    if (deepest - depthOf(before.path) + depthOf(path) > MAX_CATEGORY_DEPTH) {
      throw productErrors.categoryTooDeep(MAX_CATEGORY_DEPTH);
    }
  }
  const after: CategoryDoc = {
    ...before,
    name: changes.name?.trim() ?? before.name,
    slug: changes.slug ?? before.slug,
    parentId: moving ? (changes.parentId ?? null) : before.parentId,
    path,
    updatedAt: now,
  };
  try {
    await ctx.transaction(async (tx) => {
      await ctx.repos.categories.update(
        id,
        { name: after.name, slug: after.slug, parentId: after.parentId, path, updatedAt: now },
        tx.session,
      );
      if (moving) {
        for (const descendant of await ctx.repos.categories.subtree(before.path, tx.session)) {
          if (descendant._id === id) continue;
          const moved = path + descendant.path.slice(before.path.length);
          await ctx.repos.categories.setPath(descendant._id, moved, now, tx.session);
        }
      }
    });
  } catch (err) {
    rethrowDuplicate(err, after.slug);
  }
  return after;
}

/** Refused while products or sub-categories remain: nothing is orphaned silently. */
export async function deleteCategory(ctx: CatalogContext, id: string): Promise<void> {
  await getCategory(ctx, id);
  if (await ctx.repos.categories.hasChildren(id)) throw productErrors.categoryInUse('children');
  if ((await ctx.repos.products.countInCategory(id)) > 0) throw productErrors.categoryInUse('products');
  await ctx.repos.categories.delete(id);
}

/** The whole tree, roots and children ordered by name. */
export async function categoryTree(ctx: CatalogContext): Promise<CategoryNode[]> {
  const all = await ctx.repos.categories.all();
  const nodes = new Map(all.map((c) => [c._id, { category: c, children: [] as CategoryNode[] }]));
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.category.parentId ? nodes.get(node.category.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Ids of a category (by id or slug) and all its descendants; empty when there is no such category. */
export async function categoryAndDescendants(ctx: CatalogContext, idOrSlug: string): Promise<string[]> {
  const category = await ctx.repos.categories.findByIdOrSlug(idOrSlug);
  if (!category) return [];
  return (await ctx.repos.categories.subtree(category.path)).map((c) => c._id);
}
