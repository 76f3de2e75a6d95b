import {
  baseSettings,
  loadConfig,
  loadConfigOrExit,
  requireDatabase,
  requireEventBus,
} from '@b2b/shared/config';
import { requireServiceCredential, serviceCredentialSettings } from '@b2b/shared/internal';
import { Type } from 'typebox';

export const SearchSettings = Type.Object({
  ...baseSettings,
  ...serviceCredentialSettings,
  /** How often every task reads the index feed: the bound on "a product change is findable". */
  SEARCH_INDEX_POLL_MS: Type.Integer({ minimum: 100, maximum: 10_000, default: 250 }),
  /** How often category labels are re-read from the product service. */
  SEARCH_CATEGORY_REFRESH_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 30 }),
  /** How often every task polls the product service's stock feed: the bound on a stock change showing. */
  SEARCH_STOCK_POLL_MS: Type.Integer({ minimum: 100, maximum: 10_000, default: 250 }),
  /** Per attempt of a company price quote; past it the page shows list prices. */
  SEARCH_PRICE_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 10_000, default: 800 }),
  /** How long a company's quote for a page of results is reused; 0 asks on every search. */
  SEARCH_PRICE_REUSE_MS: Type.Integer({ minimum: 0, maximum: 3_000, default: 2_000 }),
});

function options(env: NodeJS.ProcessEnv) {
  return {
    env: { SERVICE_NAME: 'search', ...env },
    rules: [requireDatabase, requireEventBus({ consumer: true }), requireServiceCredential],
  };
}

/** Validated settings, or a ConfigError naming every offending variable. */
export function parseSearchConfig(env: NodeJS.ProcessEnv) {
  return loadConfig(SearchSettings, options(env));
}

/** For process entries: on a bad configuration, print the problems and exit 1. */
export function loadSearchConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(SearchSettings, options(env));
}

export type SearchConfig = ReturnType<typeof loadSearchConfig>;
