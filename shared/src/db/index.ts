/** Database access: one MongoClient per process, DocumentDB options, indexes, money on Decimal128. */

export { isDuplicateKey } from './errors.ts';
export {
  add,
  compare,
  equals,
  formatAmount,
  fractionDigits,
  fromDecimal128,
  fromJson,
  type Money,
  type MoneyJson,
  money,
  multiply,
  parseMoney,
  subtract,
  sum,
  toDecimal128,
  toJson,
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
export { containsText, findPage, type PageRequest } from './queries.ts';
