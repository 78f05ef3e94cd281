// The playground's worker: all parsing, linting, fixing and formatting happens here, off the page's main
// thread, with the same browser bundle a user of `dfkit/browser` would load. Requests and replies are plain
// data; ranges go through JSON because the parser's range objects compute line and column lazily from
// private state that structured cloning would drop.
import * as dfkit from '../../dist/browser/dfkit.js';

/** The last text linted and its findings: a fix request names a finding by its index in this list. */
let last = { text: null, findings: [] };
// The editor area is linted on every keystroke: the incremental linter re-parses and re-lints only what the
// edit touched, and finds what `dfkit.lint` finds.
const linter = dfkit.createLinter();

function lintText(text) {
  if (last.text !== text) last = { text, findings: linter.lint(text).findings };
  return last.findings;
}

function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

const handlers = {
  analyze({ text }) {
    const findings = lintText(text);
    return { findings: plain(findings) };
  },
  fix({ text, index }) {
    const finding = lintText(text)[index];
    if (!finding?.fix) throw new Error(`finding ${index} has no fix`);
    // Clicking a fix is the review an unsafe fix asks for, so both kinds apply here.
    const outcome = dfkit.applyFixes(text, [finding], ['safe', 'unsafe']);
    return { text: outcome.text, applied: outcome.applied.length };
  },
  format({ text }) {
    if (typeof dfkit.formatDockerfile !== 'function') throw new Error('this build of dfkit has no formatter');
    return plain(dfkit.formatDockerfile(text));
  },
};

// What this worker has done, by request kind: readable from devtools (and the browser test) in the worker's
// own console context, as proof that the work happens here and not on the page.
const handled = { analyze: 0, fix: 0, format: 0 };
self.dfkitPlayground = { handled };

self.addEventListener('message', (event) => {
  const { id, kind } = event.data;
  const started = performance.now();
  if (Object.hasOwn(handled, kind)) handled[kind] += 1;
  const reply = { id, kind, inWorker: typeof document === 'undefined' && typeof WorkerGlobalScope !== 'undefined' };
  try {
    const handler = handlers[kind];
    if (!handler) throw new Error(`unknown request: ${kind}`);
    self.postMessage({ ...reply, ok: true, result: handler(event.data), ms: performance.now() - started });
  } catch (error) {
    self.postMessage({ ...reply, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

self.postMessage({ kind: 'ready', hasFormatter: typeof dfkit.formatDockerfile === 'function' });
