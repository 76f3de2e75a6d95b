/**
 * Category labels and the tree come from the product service's public `GET /categories`: a
 * short-lived copy re-read every 30 s (categories change a few times a year; a renamed one shows
 * its new label within the interval). A failed read keeps the labels the task has.
 */

import { errorMessage } from '@b2b/shared/errors';
import type { Readiness } from '@b2b/shared/http';
import type { CategoryLabel, SearchEngine } from '../engine/port.ts';

export interface CategoryRefresh {
  refresh(): Promise<boolean>;
  loaded(): boolean;
  stop(): void;
}

export function startCategoryRefresh(options: {
  load: () => Promise<CategoryLabel[]>;
  engine: SearchEngine;
  intervalMs: number;
  log?: { warn(fields: Record<string, unknown>, message: string): void };
}): CategoryRefresh {
  let loaded = false;
  let failures = 0;
  let inFlight: Promise<boolean> | undefined;
  const refresh = () => {
    inFlight ??= (async () => {
      try {
        await options.engine.setCategories(await options.load());
        loaded = true;
        failures = 0;
        return true;
      } catch (err) {
        failures++;
        if (failures === 1 || failures % 20 === 0) {
          options.log?.warn(
            { err: errorMessage(err), consecutiveFailures: failures },
            'categories unavailable; facets keep the labels they have',
          );
        }
        return false;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  void refresh();
  const timer = setInterval(() => void refresh(), options.intervalMs);
  timer.unref();
  return { refresh, loaded: () => loaded, stop: () => clearInterval(timer) };
}

/** Labels are cosmetic: without them facets show ids, so the task stays ready, only degraded. */
export function registerCategoryReadiness(readiness: Readiness, categories: CategoryRefresh): void {
  readiness.register(
    'categories',
    () => {
      if (!categories.loaded()) throw new Error('category labels not loaded from the product service yet');
    },
    { critical: false },
  );
}

/** The nested tree of `GET /categories` → flat labels with their parent. */
export interface CategoryNode {
  id: string;
  name: string;
  slug: string;
  children: CategoryNode[];
}

export function flattenCategoryTree(nodes: CategoryNode[], parentId: string | null = null): CategoryLabel[] {
  return nodes.flatMap((n) => [
    { id: n.id, name: n.name, slug: n.slug, parentId },
    ...flattenCategoryTree(n.children ?? [], n.id),
  ]);
}
