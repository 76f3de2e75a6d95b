import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateServiceCredential, SERVICE_CREDENTIAL_FILE } from '../src/service-credential.ts';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-credential-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the local service credential', () => {
  it('is generated once under the data directory, readable by the owner only, and reused', () => {
    const dataDir = scratch();
    const first = loadOrCreateServiceCredential(dataDir);
    const file = path.join(dataDir, SERVICE_CREDENTIAL_FILE);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadOrCreateServiceCredential(dataDir)).toBe(first);
    // Another data directory (another checkout) gets its own.
    expect(loadOrCreateServiceCredential(scratch())).not.toBe(first);
  });

  it('gives runners starting at the same moment the same complete credential', async () => {
    const dataDir = scratch();
    const module = path.resolve(import.meta.dirname, '../src/service-credential.ts');
    const script = `import { loadOrCreateServiceCredential } from ${JSON.stringify(module)};
      process.stdout.write(loadOrCreateServiceCredential(${JSON.stringify(dataDir)}));`;
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: path.resolve(import.meta.dirname, '../../..'),
      }).then((r) => r.stdout);
    const seen = await Promise.all(Array.from({ length: 4 }, run));
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readFileSync(path.join(dataDir, SERVICE_CREDENTIAL_FILE), 'utf8').trim()).toBe(seen[0]);
    // No temporary files left behind.
    expect(readdirSync(dataDir)).toEqual([SERVICE_CREDENTIAL_FILE]);
  }, 60_000);

  it('tightens a world-readable copy and refuses one too short to be a credential', () => {
    const dataDir = scratch();
    const file = path.join(dataDir, SERVICE_CREDENTIAL_FILE);
    const restored = 'r'.repeat(43);
    writeFileSync(file, `${restored}\n`, { mode: 0o644 });
    expect(loadOrCreateServiceCredential(dataDir)).toBe(restored);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(file, 'short\n');
    expect(() => loadOrCreateServiceCredential(dataDir)).toThrow(/needs at least 32/);
  });
});
