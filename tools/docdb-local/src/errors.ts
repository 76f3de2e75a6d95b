/** Server errors with MongoDB's codes and names, so the driver raises the same error classes. */
export const codes = {
  InternalError: 1,
  Unauthorized: 13,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  TypeMismatch: 14,
  InvalidLength: 16,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  NotSingleValueField: 54,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  IndexAlreadyExists: 68,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  WriteConflict: 112,
  CommandNotSupported: 115,
  NoSuchTransaction: 251,
  TransactionCommitted: 256,
  OperationNotSupportedInTransaction: 263,
  InvalidPipelineOperator: 168,
  CannotIndexParallelArrays: 171,
  Location15974: 15974,
  DuplicateKey: 11000,
  NotImplemented: 238,
  MessageTooLarge: 10334,
  FeatureNotSupported: 303,
  Location40352: 40352,
  Location17419: 17419,
  Location16410: 16410,
  Location40323: 40323,
  ConflictingOperationInProgress: 117,
  InvalidBSON: 22,
} as const;

const names: Record<number, string> = Object.fromEntries(Object.entries(codes).map(([k, v]) => [v, k]));

export class ServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly labels: string[];
  /** Extra fields merged into the error reply (e.g. keyPattern / keyValue). */
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}, labels: string[] = []) {
    super(message);
    this.code = code;
    this.codeName = names[code] ?? 'Location' + code;
    this.extra = extra;
    this.labels = labels;
  }

  toReply(): Record<string, unknown> {
    const reply: Record<string, unknown> = {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
    };
    Object.assign(reply, this.extra);
    if (this.labels.length > 0) reply.errorLabels = this.labels;
    return reply;
  }
}

export function fail(code: number, message: string, extra?: Record<string, unknown>): never {
  throw new ServerError(code, message, extra);
}

/**
 * Runs `fn`; a TypeError, RangeError, SyntaxError or BSONError it raises came from malformed
 * arguments (a null where an object belongs, NaN where an integer does, a bad regex or decimal)
 * and becomes BadValue naming `what`.
 */
export function asBadValue<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const malformed =
      err instanceof TypeError ||
      err instanceof RangeError ||
      err instanceof SyntaxError ||
      (err as Error | undefined)?.name === 'BSONError';
    if (malformed) {
      throw new ServerError(codes.BadValue, `invalid arguments for ${what}`);
    }
    throw err;
  }
}

export const badValue = (message: string): never => fail(codes.BadValue, message);
export const failedToParse = (message: string): never => fail(codes.FailedToParse, message);
export const typeMismatch = (message: string): never => fail(codes.TypeMismatch, message);
