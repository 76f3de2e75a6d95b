/**
 * The `failCommand` fail point of MongoDB's test commands (configureFailPoint), so driver tests
 * can make a command fail or drop its connection. Only enabled with enableTestCommands.
 */
import { codes, fail, ServerError } from '../errors.ts';
import { type Doc, isNumeric, isPlainObject, toNumber } from '../values.ts';

interface FailPoint {
  remaining: number;
  commands: Set<string>;
  errorCode?: number;
  closeConnection: boolean;
  errorLabels: string[];
}

export type FailAction = { kind: 'error'; reply: Doc } | { kind: 'close' };

export class FailPoints {
  private failCommand: FailPoint | undefined;

  configure(cmd: Doc): Doc {
    if (cmd.configureFailPoint !== 'failCommand')
      fail(codes.BadValue, `unknown fail point ${String(cmd.configureFailPoint)}`);
    const mode = cmd.mode;
    if (mode === 'off') {
      this.failCommand = undefined;
      return { count: 0, ok: 1 };
    }
    const data = isPlainObject(cmd.data) ? cmd.data : {};
    let remaining = Number.POSITIVE_INFINITY;
    if (isPlainObject(mode) && isNumeric(mode.times)) remaining = toNumber(mode.times);
    else if (mode !== 'alwaysOn') fail(codes.BadValue, 'mode must be off, alwaysOn or {times: n}');
    this.failCommand = {
      remaining,
      commands: new Set(Array.isArray(data.failCommands) ? data.failCommands.map(String) : []),
      errorCode: isNumeric(data.errorCode) ? toNumber(data.errorCode) : undefined,
      closeConnection: data.closeConnection === true,
      errorLabels: Array.isArray(data.errorLabels) ? data.errorLabels.map(String) : [],
    };
    return { count: 0, ok: 1 };
  }

  /** What to do instead of running `name`, if the fail point catches it. */
  check(name: string): FailAction | undefined {
    const fp = this.failCommand;
    if (!fp?.commands.has(name) || fp.remaining <= 0) return undefined;
    fp.remaining--;
    if (fp.remaining <= 0) this.failCommand = undefined;
    if (fp.closeConnection) return { kind: 'close' };
    const code = fp.errorCode ?? codes.InternalError;
    return {
      kind: 'error',
      reply: new ServerError(code, 'Failing command via failCommand failpoint', {}, fp.errorLabels).toReply(),
    };
  }
}
