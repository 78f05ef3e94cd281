/**
 * `JSON.stringify(value, null, 2)` in pieces of about `chunkSize` characters. The AST of a large Dockerfile is
 * sixty times its size as JSON, which passes V8's longest string (a 20 MB file makes over a gigabyte), so
 * `dfkit parse` writes it piece by piece. The top levels are walked here; each value below `depth` is
 * stringified whole, so the output equals `JSON.stringify`'s byte for byte (`toJSON`, skipped `undefined` and
 * functions, `null` in arrays for them).
 */
const INDENT = '  ';

export function* jsonChunks(value: unknown, options: { depth?: number; chunkSize?: number } = {}): Generator<string> {
  const depth = options.depth ?? 4;
  const chunkSize = options.chunkSize ?? 1 << 20;
  let pending = '';
  const parts = emit(withToJSON(value, ''), '', depth);
  for (const part of parts) {
    pending += part;
    if (pending.length >= chunkSize) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

/** Writes `resolved`, a value whose `toJSON` (if any) was already applied, as JSON.stringify would. */
function* emit(resolved: unknown, indent: string, depth: number): Generator<string> {
  if (depth === 0 || resolved === null || typeof resolved !== 'object') {
    // `undefined` only at the top, where JSON.stringify has no text either.
    const text = JSON.stringify(resolved, null, INDENT) as string | undefined;
    if (text !== undefined) yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(resolved)) {
    if (resolved.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let index = 0; index < resolved.length; index++) {
      yield `${index === 0 ? '' : ','}\n${inner}`;
      const item = withToJSON(resolved[index], String(index));
      if (isSkipped(item)) yield 'null';
      else yield* emit(item, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const record = resolved as Record<string, unknown>;
  let first = true;
  for (const name of Object.keys(record)) {
    const item = withToJSON(record[name], name);
    if (isSkipped(item)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(name)}: `;
    first = false;
    yield* emit(item, inner, depth - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}

function withToJSON(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** Values `JSON.stringify` leaves out of objects and writes as `null` in arrays. */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}
