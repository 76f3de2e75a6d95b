/**
 * The product service's `POST /internal/prices`, from the product service's own schemas
 * (`@b2b/product/internal-api`): the order service charges exactly what the product service quotes,
 * validated against the owner's definition, not a copy. Test stand-ins serve these same schemas.
 */
export { PriceQuote, PriceQuoteRequest, productInternalApi } from '@b2b/product/internal-api';
