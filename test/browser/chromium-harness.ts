/**
 * Shared setup for tests that drive a real browser: Debian's Chromium through playwright-core, never a
 * browser Playwright downloads. `DFKIT_CHROMIUM` names another Chromium binary.
 *
 * Without the binary, suites fail under CI (`CI=true`), so CI cannot pass by skipping them, and are skipped,
 * with the reason in their name, elsewhere (as the runtime tests do without a Docker engine).
 */
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { describe, it } from 'vitest';

export type ChromiumAvailability = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a sandboxed CI machine on a closed network: no background connections (update checks, sync,
 * component downloads, QUIC probes) that would only fail and clutter the log, and no GPU. `--no-sandbox`
 * because CI runs as root, where Chromium's own sandbox refuses to start.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function chromiumAvailable(): ChromiumAvailability {
  const path = process.env['DFKIT_CHROMIUM'] || DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
    return { ok: true, path };
  } catch {
    return { ok: false, reason: `${path} is not an executable (install Debian's chromium or set DFKIT_CHROMIUM)` };
  }
}

/** `describe` for suites that need Chromium: runs `body` when it is there; else fails under CI, skips elsewhere. */
export function describeWithChromium(status: ChromiumAvailability, name: string, body: () => void): void {
  if (status.ok) {
    describe(name, body);
  } else if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('has Chromium', () => {
        throw new Error(`no Chromium (${status.reason}); CI must install it`);
      });
    });
  } else {
    console.warn(`skipping "${name}": no Chromium (${status.reason})`);
    describe.skip(`${name} [skipped: no Chromium: ${status.reason}]`, body);
  }
}

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile; safe to call more than once. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile in a temporary folder, removed again by `close`. */
export async function launchChromium(executablePath: string): Promise<LaunchedBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'dfkit-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is how Playwright takes a profile folder of our choosing.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      viewport: { width: 1280, height: 800 },
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  let closed = false;
  return {
    context,
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  };
}
