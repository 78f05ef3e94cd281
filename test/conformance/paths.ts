/** Where the shared BuildKit vectors live, relative to the project root. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export const conformanceRoot = resolve(projectRoot, '../shared/conformance/buildkit');

export function conformancePath(...parts: string[]): string {
  const path = resolve(conformanceRoot, ...parts);
  if (!existsSync(path)) throw new Error(`conformance data missing: ${path}`);
  return path;
}
