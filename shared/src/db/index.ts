/** Database access: one MongoClient per process, DocumentDB options, indexes, money on Decimal128 (arithmetic: @b2b/shared/money). */

export { isDuplicateKey, rethrowDuplicateKeyAsConflict } from './errors.ts';
export {
  fromDecimal128,
  fromStoredMoney,
  type StoredMoney,
  storedMoneyFromJson,
  storedMoneyToJson,
  toDecimal128,
  toStoredMoney,
} from './money.ts';
export {
  clientOptions,
  connectionUri,
  createMongo,
  ensureIndexes,
  type IndexPlan,
  type Mongo,
  type MongoSettings,
  mongoSettingsFromEnv,
  redactUri,
} from './mongo.ts';
export {
  type CursorPage,
  type CursorRequest,
  containsText,
  defineSorts,
  findAfter,
  findPage,
  mapPage,
  type Page,
  type PageRequest,
  type SortAllowList,
  type SortSpec,
} from './queries.ts';
