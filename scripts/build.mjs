// `npm run build`: empties dist/ and builds it with tsup (tsup.config.ts), then writes a digest of every build
// input beside the output. `--if-changed` (npm's prepare step) builds only when that digest differs.
//
// npm runs prepare again whenever it links this folder as a package, which the README's quick start does
// (`npx dfkit` in a clone installs the clone into npx's cache): rebuilding the same sources cost half a minute.
// Plain JavaScript run by node, because prepare runs before anything but the dependencies is in place.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const stampFile = join(dist, '.build-inputs');

/** Every file the build reads from this repository: the sources and the files that configure the build. */
function buildInputs() {
  const files = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsup.config.ts'].map((name) => join(root, name));
  const walk = (directory) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(root, 'src'));
  return files.filter((path) => existsSync(path)).sort();
}

function digestOf(files) {
  const hash = createHash('sha256');
  for (const path of files) hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
  return hash.digest('hex');
}

/** tsup's command-line entry, run with this node (no shell, no PATH lookup). */
function tsupCli() {
  const require = createRequire(join(root, 'package.json'));
  const manifestPath = require.resolve('tsup/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return join(dirname(manifestPath), manifest.bin.tsup);
}

const digest = digestOf(buildInputs());
const onlyIfChanged = process.argv.includes('--if-changed');
const built = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : null;
if (!onlyIfChanged || built !== digest) {
  // dist/ is emptied here, not by tsup's `clean`: that races with the configurations' declaration builds, which
  // run in parallel, and can delete their output.
  rmSync(dist, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsupCli()], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampFile, `${digest}\n`);
}
