import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Parse "name=url,name=url" into a Map of target name -> URL.
 */
export function parseTargets(spec = '') {
  const targets = new Map();
  for (const entry of spec.split(',')) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new Error(`invalid target "${trimmed}", expected name=url`);
    targets.set(trimmed.slice(0, eq), new URL(trimmed.slice(eq + 1)));
  }
  return targets;
}

/**
 * Append the delivery to a JSON-lines journal so failed relays can be replayed.
 */
export async function journal(dataDir, record) {
  await fs.mkdir(dataDir, { recursive: true });
  const line = JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n';
  await fs.appendFile(path.join(dataDir, 'deliveries.jsonl'), line);
}

export async function relay(targets, body, headers = {}) {
  const results = await Promise.allSettled(
    [...targets].map(async ([name, url]) => {
      const res = await fetch(url, { method: 'POST', body, headers });
      return { name, status: res.status };
    }),
  );
  return results.map((r, i) =>
    r.status === 'fulfilled' ? r.value : { name: [...targets.keys()][i], error: String(r.reason) },
  );
}
