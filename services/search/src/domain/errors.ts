import { errors } from '@b2b/shared/errors';

/** The search service's domain errors, created once with a stable code (problem+json on the way out). */
export const searchErrors = {
  priceRangeInverted: () =>
    errors.badRequest('minPrice must not be greater than maxPrice', 'PRICE_RANGE_INVERTED', [
      { path: '/minPrice', message: 'must not be greater than maxPrice' },
    ]),
  indexNotReady: () =>
    errors.unavailable('The search index is still loading; try again in a moment', 2, 'INDEX_NOT_READY'),
};
