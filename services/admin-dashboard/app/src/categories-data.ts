import { useApi } from '@b2b/web-kit/ui';
import { useQuery } from '@tanstack/react-query';
import type { CategoryNode } from './types.ts';

export const categoriesKey = ['categories'] as const;

export function useCategoryTree() {
  const api = useApi();
  return useQuery({ queryKey: categoriesKey, queryFn: () => api.get<CategoryNode[]>('/categories') });
}

export interface FlatCategory {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly depth: number;
  readonly parentId: string | null;
  /** "Tools › Drills", for pickers. */
  readonly path: string;
}

/** The tree in display order, each node with its depth and parent. */
export function flatten(
  nodes: readonly CategoryNode[],
  depth = 0,
  parent: FlatCategory | null = null,
): FlatCategory[] {
  return nodes.flatMap((node) => {
    const flat: FlatCategory = {
      id: node.id,
      name: node.name,
      slug: node.slug,
      depth,
      parentId: parent?.id ?? null,
      path: parent ? `${parent.path} › ${node.name}` : node.name,
    };
    return [flat, ...flatten(node.children, depth + 1, flat)];
  });
}
