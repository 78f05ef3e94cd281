/** What the generating benchmarks share: how they read their size settings, and a seeded random generator. */

/**
 * A positive number from `--<name>=N` or the environment variable `envName`, else `fallback`; with `integer`,
 * whole numbers only.
 */
export function benchSetting(name: string, envName: string, fallback: number, options: { readonly integer?: boolean } = {}): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const text = arg?.slice(name.length + 3) ?? process.env[envName];
  const value = text === undefined ? fallback : Number(text);
  const valid = options.integer ? Number.isInteger(value) : Number.isFinite(value);
  if (!valid || value <= 0) throw new Error(`--${name} / ${envName} must be a positive ${options.integer ? 'integer' : 'number'}`);
  return value;
}

/** A small seeded generator (mulberry32), so that every run builds the same context. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
