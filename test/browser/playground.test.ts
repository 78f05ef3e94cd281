/**
 * The playground in a real browser: the page loads the browser bundle into a web worker, shows the linter's
 * findings for typed text, applies a fix on click and formats on request, and every result equals what the
 * same functions return in Node. The bundle is built fresh by the server (into a temporary folder, so a
 * concurrent `npm run build` cannot pull it away mid-test).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConsoleMessage, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { format } from '../../src/format/index.js';
import { applyFixes, lint } from '../../src/lint/index.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../scripts/serve-playground.js';
import { chromiumAvailable, describeWithChromium, launchChromium, type LaunchedBrowser } from './chromium-harness.js';

const OUTPUT_DIR = resolve('test-output');

/**
 * Sources copied before the dependency install, so every source edit re-runs `npm ci`; and a FROM the
 * formatter rewrites, so formatting has something to do.
 */
const CACHE_MISTAKE = [
  'from  node:20.17-alpine3.20',
  'WORKDIR /srv/app',
  'ENV NODE_ENV=production',
  'COPY . .',
  'RUN npm ci --omit=dev',
  'USER node',
  'CMD ["node", "src/index.js"]',
  '',
].join('\n');

const chromium = chromiumAvailable();

describeWithChromium(chromium, 'playground in Chromium', () => {
  let bundleDir: string | undefined;
  let server: PlaygroundServer | undefined;
  let browser: LaunchedBrowser | undefined;

  const cleanUp = async (): Promise<void> => {
    // Each step on its own, so a failure in one does not leave the others running.
    const results = await Promise.allSettled([browser?.close(), server?.close()]);
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    browser = undefined;
    server = undefined;
    bundleDir = undefined;
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  };

  beforeAll(async () => {
    if (!chromium.ok) return;
    try {
      bundleDir = await mkdtemp(join(tmpdir(), 'dfkit-browser-bundle-'));
      server = await startPlaygroundServer({ bundleDir });
      browser = await launchChromium(chromium.path);
    } catch (error) {
      await cleanUp().catch(() => undefined);
      throw error;
    }
  }, 120_000);

  afterAll(cleanUp, 60_000);

  it('lints, fixes and formats in a web worker, as dfkit does in Node', async () => {
    if (!browser || !server) throw new Error('the browser or the server did not start');
    const page = await browser.context.newPage();
    const problems = watchForProblems(page);

    await page.goto(server.url);
    const worker = await workerOf(page);
    const editor = page.locator('#editor');

    // The sample the page opens with is linted first; then the text is replaced, as a user would.
    await page.waitForSelector('#findings li');
    await editor.fill(CACHE_MISTAKE);

    const expected = lint(CACHE_MISTAKE).findings.find((finding) => finding.ruleId === 'dependency-install-order');
    expect(expected?.fix?.safety).toBe('safe');
    const item = page.locator('#findings li[data-rule="dependency-install-order"]');
    await item.waitFor();
    const line = (expected?.range.start.line ?? 0) + 1;
    const column = (expected?.range.start.character ?? 0) + 1;
    await expect(item.locator('.where').textContent()).resolves.toMatch(new RegExp(`^${line}:${column}(?:–|$)`));
    // The page shows the same findings as Node, in the same order.
    const shownCodes = await Promise.all((await page.locator('#findings li').all()).map((li) => li.getAttribute('data-code')));
    expect(shownCodes).toEqual(lint(CACHE_MISTAKE).findings.map((finding) => finding.code));
    await expect(page.locator('#status').getAttribute('data-context')).resolves.toBe('worker');

    const fixed = applyFixes(CACHE_MISTAKE, expected ? [expected] : []).text;
    expect(fixed).not.toBe(CACHE_MISTAKE);
    await item.locator('button.fix').click();
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toBe(fixed);
    // The fixed file is linted again, and the cache-ordering finding is gone.
    await page.waitForSelector('#findings li');
    await expect(page.locator('#findings li[data-rule="dependency-install-order"]').count()).resolves.toBe(0);

    await page.locator('#format').click();
    await page.waitForSelector('#format-output[data-ready="true"]');
    const formatted = format(fixed);
    expect(formatted).not.toBe(fixed);
    await expect(page.locator('#format-output').inputValue()).resolves.toBe(formatted);
    await page.locator('#apply-format').click();
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toBe(formatted);

    // The work happened in the worker: it counts what it handled, and it has no document. (Resource timing
    // cannot tell: Chromium fetches a module worker's imports on the page's behalf and lists them there.)
    const handled = await worker.evaluate(() => (globalThis as unknown as { dfkitPlayground?: { handled: Record<string, number> } }).dfkitPlayground?.handled);
    expect(handled).toEqual({ analyze: expect.any(Number), fix: 1, format: 1 });
    expect(handled?.['analyze']).toBeGreaterThanOrEqual(3); // the first sample, the typed text, the fixed text
    await expect(worker.evaluate(() => 'document' in globalThis)).resolves.toBe(false);

    await page.waitForSelector('#findings li'); // the formatted text's findings, for the screenshot
    await mkdir(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: join(OUTPUT_DIR, 'playground.png'), fullPage: true });

    expect(problems).toEqual([]);
    await page.close();
  });
});

/** The playground's worker, once the page has started it. */
async function workerOf(page: Page): Promise<Worker> {
  const isPlaygroundWorker = (worker: Worker): boolean => worker.url().endsWith('/worker.js');
  return page.workers().find(isPlaygroundWorker) ?? (await page.waitForEvent('worker', { predicate: isPlaygroundWorker }));
}

/** Collects uncaught errors, console errors (page and workers) and failed requests, as readable lines. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  const onConsole = (where: string) => (message: ConsoleMessage) => {
    if (message.type() === 'error') problems.push(`console.error in ${where}: ${message.text()}`);
  };
  page.on('console', onConsole('page'));
  page.on('pageerror', (error) => problems.push(`uncaught in page: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', onConsole(`worker ${worker.url()}`)));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return problems;
}
