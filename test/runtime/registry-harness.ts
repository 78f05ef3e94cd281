/**
 * Shared helpers for tests that push to and pull from a real registry: a plain-HTTP distribution registry on a
 * loopback address (the engine treats loopback registries as insecure, so no TLS is needed). CI starts one on
 * `127.0.0.1:5000`; `DFKIT_TEST_REGISTRY` names another `host:port`.
 *
 * Without an engine or a registry, suites fail under CI (`CI=true`) and are skipped, with the reason in their
 * name, elsewhere — the same contract as {@link describeWithEngine}.
 */
import { describe, it } from 'vitest';
import type { EngineAvailability } from './engine-harness.js';

/** `host:port` of the test registry. */
export const TEST_REGISTRY = process.env['DFKIT_TEST_REGISTRY'] || '127.0.0.1:5000';

export type RegistryAvailability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

let availability: Promise<RegistryAvailability> | null = null;

/** Whether the registry answers `GET /v2/` (200, or 401 when it wants credentials) within a few seconds. */
export function registryAvailable(): Promise<RegistryAvailability> {
  return (availability ??= (async (): Promise<RegistryAvailability> => {
    const url = `http://${TEST_REGISTRY}/v2/`;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) return { ok: true };
      return { ok: false, reason: `${url} answered ${response.status}` };
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return { ok: false, reason: `${url}: ${error instanceof Error ? error.message : String(error)}${cause}` };
    }
  })());
}

/**
 * `describe` for suites that need both the engine and the registry: runs `body` when both answer; otherwise fails
 * under CI and skips (saying why) elsewhere.
 */
export function describeWithRegistry(engine: EngineAvailability, registry: RegistryAvailability, name: string, body: () => void): void {
  const missing = !engine.ok ? `no Docker engine (${engine.reason})` : !registry.ok ? `no registry at ${TEST_REGISTRY} (${registry.reason})` : null;
  if (missing === null) {
    describe(name, body);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('has a reachable Docker engine and registry', () => {
        throw new Error(`${missing}; CI must provide one`);
      });
    });
  } else {
    console.warn(`skipping "${name}": ${missing}`);
    describe.skip(`${name} [skipped: ${missing}]`, body);
  }
}
