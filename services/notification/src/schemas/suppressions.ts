import { Type } from 'typebox';
import { closed, paginationProperties, Timestamp } from './common.ts';

const Address = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Cause = Type.Union([Type.Literal('bounce'), Type.Literal('complaint')]);

export const SuppressionQuery = Type.Object(
  { ...paginationProperties, address: Type.Optional(Address) },
  closed,
);
export const SuppressionParams = Type.Object({ address: Address }, closed);

export const Suppression = Type.Object(
  {
    address: Type.String(),
    cause: Cause,
    /** SES's diagnostic code or complaint type. */
    detail: Type.String(),
    source: Type.Union([Type.Literal('ses'), Type.Literal('local')]),
    at: Timestamp,
    updatedAt: Timestamp,
  },
  closed,
);

/**
 * Local only (POST /admin/mailbox/feedback): what SES would report, to try suppression without AWS.
 * `permanent: false` is a transient bounce, which suppresses nothing (as from SES).
 */
export const LocalFeedbackBody = Type.Object(
  {
    type: Cause,
    addresses: Type.Array(Address, { minItems: 1, maxItems: 50 }),
    permanent: Type.Optional(Type.Boolean({ default: true })),
    detail: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  closed,
);

export const FeedbackResult = Type.Object({ suppressed: Type.Array(Type.String()) }, closed);
