/**
 * `@b2b/web-kit/ui`: what both web apps share in the browser.
 * Component library: React Aria Components (Adobe) for both apps: complete keyboard, focus and
 * screen-reader behaviour (WAI-ARIA patterns tested across browsers and assistive technologies),
 * unstyled with no CSS-in-JS, so our own CSS files style it and the strict CSP needs no
 * 'unsafe-inline' for styles.
 */
export {
  ApiClient,
  ApiError,
  type FieldProblem,
  loadRuntimeConfig,
  type RuntimeConfig,
} from './api-client.ts';
export {
  Button,
  ErrorMessage,
  Field,
  Link,
  Money,
  type NavItem,
  QuantityStepper,
  QueryView,
  ScrollRegion,
  SelectField,
  Shell,
  SignInForm,
} from './components.tsx';
export { DataTable, type DataTableProps } from './data-table.tsx';
export { formatDateTime, formatMoney, type MoneyValue } from './format.ts';
export { type Column, ItemsTable, type ItemsTableProps } from './items-table.tsx';
export {
  dayToInstant,
  type FilterDefinition,
  type FilterOption,
  type ListAnswer,
  listRequestPath,
} from './list-query.ts';
export { mountApp } from './mount.tsx';
export type { Quote, QuoteMessage, QuoteOffer, QuoteStatus } from './quote.ts';
export { AppProviders, type Profile, useApi, useSession } from './session.tsx';
export type { Page } from './types.ts';
