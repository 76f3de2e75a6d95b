/**
 * Console output of the runner: every line of a child process prefixed with its name (colored on
 * a terminal), and pino's JSON lines shortened to `LEVEL message` so ten services stay readable.
 */
import type { Readable } from 'node:stream';

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const palette = [36, 35, 33, 32, 34, 91, 92, 93, 94, 95, 96];
const assigned = new Map<string, number>();

function colorFor(name: string): number {
  let code = assigned.get(name);
  if (code === undefined) {
    code = palette[assigned.size % palette.length] ?? 36;
    assigned.set(name, code);
  }
  return code;
}

export function paint(code: number, text: string): string {
  return useColor ? `\u001b[${code}m${text}\u001b[0m` : text;
}

export function label(name: string, width = 16): string {
  return paint(colorFor(name), name.padEnd(width));
}

/** Runner's own messages. */
export function say(message: string): void {
  process.stdout.write(`${label('runner')} ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`${label('runner')} ${paint(33, message)}\n`);
}

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** `{"level":30,"msg":"x",...}` → `INFO  x`; anything that is not a pino line is printed as is. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.msg !== 'string') return line;
  const parts = [levelNames[entry.level] ?? String(entry.level), entry.msg];
  const req = entry.req as { method?: string; url?: string } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  if (req?.method && req.url) parts.push(`${req.method} ${req.url}`);
  if (res?.statusCode) parts.push(String(res.statusCode));
  if (typeof entry.responseTime === 'number') parts.push(`${entry.responseTime.toFixed(1)}ms`);
  const err = entry.err as { message?: string } | undefined;
  if (err?.message) parts.push(`(${err.message})`);
  const text = parts.join(' ');
  return entry.level >= 50 ? paint(31, text) : entry.level >= 40 ? paint(33, text) : text;
}

/** Pipe a child stream to the console line by line, calling `onLine` with every raw line too. */
export function prefixLines(
  name: string,
  stream: Readable,
  target: NodeJS.WritableStream,
  onLine?: (line: string) => void,
): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      onLine?.(line);
      target.write(`${label(name)} ${formatLogLine(line)}\n`);
      newline = pending.indexOf('\n');
    }
  });
  stream.on('end', () => {
    if (pending.length > 0) {
      onLine?.(pending);
      target.write(`${label(name)} ${formatLogLine(pending)}\n`);
      pending = '';
    }
  });
}
