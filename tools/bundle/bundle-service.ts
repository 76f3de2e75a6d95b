/**
 * Bundles one service for its container, exactly as the Dockerfile does:
 *   npx tsx tools/bundle/bundle-service.ts <service> [--out-dir dist]
 * → <out-dir>/<service>/main.mjs (+ source map), healthcheck.mjs, and node_modules/ holding only
 * the packages that cannot be bundled (runtimePackages), copied from the installed tree (so the
 * versions are the lockfile's and the platform binary is the one npm chose for this OS/libc).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ServiceName, serviceNames, services } from '@b2b/shared/catalogue';
import { buildWebApp } from '@b2b/web-kit/build';
import { BUILD_STAMP_FILE, buildIsCurrent } from '@b2b/web-kit/server';
import { build } from 'esbuild';

/**
 * Kept out of the bundle and copied into node_modules with their dependencies: native addons
 * (platform binaries arrive as optional dependencies) and packages that read files next to their
 * own source at runtime (Swagger UI serves its static assets from `__dirname`).
 */
export const runtimePackages = ['@node-rs/argon2', '@fastify/swagger-ui'] as const;

/**
 * Optional peers some libraries `require` inside try/catch (compression, Kerberos, client-side
 * encryption, pretty printing). When one is not installed it stays external, so the lazy require
 * fails lazily (as under plain node) instead of failing the bundle; when it is installed, it is
 * bundled like any other dependency.
 */
export const optionalPeers = [
  'kerberos',
  'snappy',
  '@mongodb-js/zstd',
  'mongodb-client-encryption',
  'gcp-metadata',
  'socks',
  'aws4',
  '@aws-sdk/credential-providers',
  'aws-crt',
  '@aws-sdk/signature-v4-crt',
  'pino-pretty',
] as const;

/** ESM output with CommonJS dependencies inside: give them a `require`. */
const cjsInteropBanner = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  'const require = __bundleCreateRequire(import.meta.url);',
].join('\n');

export interface BundleResult {
  readonly service: ServiceName;
  readonly directory: string;
  readonly entry: string;
  readonly bytes: number;
  readonly copiedPackages: readonly string[];
}

export interface BundleOptions {
  readonly repositoryRoot: string;
  readonly outDir: string;
}

function resolvable(name: string, from: string): boolean {
  try {
    createRequire(from).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

export function isServiceName(name: string): name is ServiceName {
  return (serviceNames as readonly string[]).includes(name);
}

export async function bundleService(service: ServiceName, options: BundleOptions): Promise<BundleResult> {
  const entryPoint = path.join(options.repositoryRoot, 'services', service, 'src', 'main.ts');
  const directory = path.join(options.outDir, service);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const outfile = path.join(directory, 'main.mjs');

  const result = await build({
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    sourcemap: 'linked',
    // Minified names would make production stack traces and logs unreadable; whitespace is free to drop.
    minifyWhitespace: true,
    legalComments: 'linked',
    banner: { js: cjsInteropBanner },
    external: [...runtimePackages, ...optionalPeers.filter((name) => !resolvable(name, entryPoint))],
    absWorkingDir: options.repositoryRoot,
    logLevel: 'silent',
    metafile: true,
  });
  const output = result.metafile.outputs[path.relative(options.repositoryRoot, outfile)];
  // Copy only the runtime packages the bundle really imports (the gateway has no argon2).
  const importedRuntime = runtimePackages.filter((name) =>
    output?.imports.some(
      (imported) => imported.external && (imported.path === name || imported.path.startsWith(`${name}/`)),
    ),
  );
  const copied = await copyRuntimePackages(entryPoint, directory, importedRuntime);
  await copyWebApp(options.repositoryRoot, service, directory);
  await writeFile(path.join(directory, 'healthcheck.mjs'), healthcheckScript(service));
  return { service, directory, entry: outfile, bytes: output?.bytes ?? 0, copiedPackages: copied };
}

/**
 * A web app's service serves its Vite build: build it (when dist/ is missing or stale) and put
 * it in `public/` next to main.mjs, where the service looks first (web-kit builtAppDirectory).
 */
async function copyWebApp(repositoryRoot: string, service: ServiceName, directory: string): Promise<void> {
  const workspace = path.join(repositoryRoot, 'services', service);
  if (!existsSync(path.join(workspace, 'app', 'vite.config.ts'))) return;
  if (!buildIsCurrent(workspace)) await buildWebApp(workspace);
  await cp(path.join(workspace, 'dist'), path.join(directory, 'public'), {
    recursive: true,
    // The stamp is for the local runner; source maps stay out of the image.
    filter: (source) => !source.endsWith(BUILD_STAMP_FILE) && !source.endsWith('.map'),
  });
}

/** Container health probe: the catalogue's port and health path, `PORT` wins if set. */
function healthcheckScript(service: ServiceName): string {
  const { port, healthPath } = services[service];
  return `// Generated by tools/bundle/bundle-service.ts for ${service}.
const port = process.env.PORT || ${JSON.stringify(String(port))};
const res = await fetch(\`http://127.0.0.1:\${port}${healthPath}\`, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
process.exit(res?.ok ? 0 : 1);
`;
}

/**
 * Copy each runtime package, plus the dependencies and optional dependencies that npm installed
 * for it (e.g. `@node-rs/argon2-linux-x64-musl` on alpine), resolved the way Node resolves them.
 */
async function copyRuntimePackages(
  entryPoint: string,
  targetDir: string,
  names: readonly string[],
): Promise<string[]> {
  const copied: string[] = [];
  const visit = async (name: string, fromDir: string, optional: boolean) => {
    if (copied.includes(name)) return;
    const packageDir = findPackageDir(name, fromDir);
    if (!packageDir) {
      if (optional) return; // a platform binary for another OS/libc: npm did not install it
      throw new Error(`bundle: ${name} is not installed (needed from ${fromDir})`);
    }
    copied.push(name);
    await cp(packageDir, path.join(targetDir, 'node_modules', name), {
      recursive: true,
      dereference: true,
      // Nested node_modules are resolved (and copied flat) by the recursion below.
      filter: (source) => !source.slice(packageDir.length).includes(`${path.sep}node_modules${path.sep}`),
    });
    const manifest = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(manifest.dependencies ?? {})) await visit(dep, packageDir, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) await visit(dep, packageDir, true);
  };
  for (const name of names) await visit(name, path.dirname(entryPoint), false);
  return copied;
}

/** Node's lookup: `node_modules/<name>` in this directory or the nearest ancestor that has it. */
function findPackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function main(argv: string[]): Promise<void> {
  const [service, ...rest] = argv;
  const outIndex = rest.indexOf('--out-dir');
  const outDir = outIndex >= 0 ? rest[outIndex + 1] : 'dist';
  if (!service || !isServiceName(service) || !outDir) {
    console.error(`usage: bundle-service <${serviceNames.join('|')}> [--out-dir <dir>]`);
    process.exit(2);
  }
  const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');
  const bundled = await bundleService(service, { repositoryRoot, outDir: path.resolve(outDir) });
  console.log(
    `${service}: ${path.relative(process.cwd(), bundled.entry)} (${Math.round(bundled.bytes / 1024)} KiB)` +
      (bundled.copiedPackages.length ? `, node_modules: ${bundled.copiedPackages.join(', ')}` : ''),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
