// The page: an editor, the findings list and the format pane. Everything dfkit computes comes from the worker
// (worker.js), so typing never waits for the linter.
import { samples } from './samples.js';

const editor = document.getElementById('editor');
const gutter = document.getElementById('gutter');
const highlights = document.getElementById('highlights');
const findingsList = document.getElementById('findings');
const count = document.getElementById('count');
const status = document.getElementById('status');
const sampleSelect = document.getElementById('sample');
const formatButton = document.getElementById('format');
const formatOutput = document.getElementById('format-output');
const formatNote = document.getElementById('format-note');
const applyFormatButton = document.getElementById('apply-format');

const LINT_DELAY_MS = 150;

// --- The worker and its requests -----------------------------------------------------------------------

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let ready = false;
const queued = [];
let nextId = 1;
const pending = new Map();

worker.addEventListener('message', (event) => {
  const reply = event.data;
  if (reply.kind === 'ready') {
    ready = true;
    formatButton.disabled = !reply.hasFormatter;
    if (!reply.hasFormatter) formatButton.title = 'This build of dfkit has no formatter';
    for (const request of queued.splice(0)) worker.postMessage(request);
    return;
  }
  const callbacks = pending.get(reply.id);
  pending.delete(reply.id);
  if (!callbacks) return;
  if (reply.ok) callbacks.resolve(reply);
  else callbacks.reject(new Error(reply.error));
});

worker.addEventListener('error', (event) => {
  // Most often the bundle is missing: the worker cannot import it.
  const message = `the dfkit worker failed: ${event.message || 'could not load ../../dist/browser/dfkit.js (build it first)'}`;
  status.textContent = message;
  console.error(message);
});

/** Sends a request to the worker; resolves with its reply (`result`, `ms`, `inWorker`). */
function request(kind, payload) {
  const id = nextId++;
  const message = { id, kind, ...payload };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    if (ready) worker.postMessage(message);
    else queued.push(message);
  });
}

function reportFailure(what, error) {
  status.textContent = `${what} failed: ${error.message}`;
  console.error(`${what} failed:`, error);
}

// --- Editor: line numbers and highlighted ranges ----------------------------------------------------------

let findings = [];

function renderGutter() {
  const lines = editor.value.split('\n').length;
  let numbers = '';
  for (let line = 1; line <= lines; line++) numbers += `${line}\n`;
  gutter.textContent = numbers;
}

/** Redraws the backdrop: the text, invisible, with a mark under each finding's range (overlaps clipped). */
function renderHighlights() {
  const text = editor.value;
  const ranges = findings
    .map((finding) => ({ start: finding.range.start.offset, end: finding.range.end.offset, severity: finding.severity }))
    .filter((range) => Number.isInteger(range.start) && Number.isInteger(range.end))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, at);
    const end = Math.min(Math.max(range.end, start), text.length);
    if (start > text.length || (start === end && start < at)) continue;
    fragment.append(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.className = start === end ? `${range.severity} point` : range.severity;
    mark.textContent = text.slice(start, end);
    fragment.append(mark);
    at = end;
  }
  // The trailing space gives a final empty line its height, as the textarea does.
  fragment.append(`${text.slice(at)} `);
  highlights.replaceChildren(fragment);
  syncScroll();
}

function syncScroll() {
  highlights.scrollTop = editor.scrollTop;
  highlights.scrollLeft = editor.scrollLeft;
  gutter.scrollTop = editor.scrollTop;
}

// --- Findings ---------------------------------------------------------------------------------------------

function where(range) {
  // Ranges are 0-based; editors and people count from 1.
  const start = `${range.start.line + 1}:${range.start.character + 1}`;
  const end = `${range.end.line + 1}:${range.end.character + 1}`;
  return start === end ? start : `${start}–${end}`;
}

function renderFindings(text) {
  findingsList.replaceChildren(
    ...findings.map((finding, index) => {
      const item = document.createElement('li');
      item.className = finding.severity;
      item.dataset.rule = finding.ruleId;
      item.dataset.code = finding.code;
      item.title = 'Select the range in the editor';
      const place = document.createElement('span');
      place.className = 'where';
      place.textContent = where(finding.range);
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = `${finding.code} (${finding.severity})`;
      const message = document.createElement('span');
      message.className = 'message';
      message.textContent = finding.message;
      item.append(place, code, message);
      item.addEventListener('click', () => {
        editor.focus();
        editor.setSelectionRange(finding.range.start.offset, finding.range.end.offset);
      });
      if (finding.fix) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = `fix ${finding.fix.safety}`;
        button.textContent = `${finding.fix.safety === 'unsafe' ? 'Unsafe fix (review it)' : 'Fix'}: ${finding.fix.description}`;
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          applyFix(text, index);
        });
        item.append(button);
      }
      return item;
    }),
  );
  count.textContent = `(${findings.length})`;
}

let latestAnalysis = 0;
let lintTimer;

async function analyze() {
  const text = editor.value;
  const ticket = ++latestAnalysis;
  try {
    const reply = await request('analyze', { text });
    // A reply for text that has changed since would point at the wrong characters.
    if (ticket !== latestAnalysis) return;
    findings = reply.result.findings;
    renderFindings(text);
    renderHighlights();
    status.textContent = `linted in ${reply.ms.toFixed(1)} ms ${reply.inWorker ? 'in a web worker' : 'on the main thread'}`;
    status.dataset.context = reply.inWorker ? 'worker' : 'main';
    document.body.dataset.linted = String(ticket);
  } catch (error) {
    reportFailure('lint', error);
  }
}

function scheduleAnalysis() {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(analyze, LINT_DELAY_MS);
}

/** Replaces the editor's text as one undoable edit where the browser supports it. */
function replaceText(text) {
  editor.focus();
  editor.select();
  // insertText fires the input event itself; assigning the value does not.
  const inserted = document.execCommand('insertText', false, text);
  if (!inserted || editor.value !== text) {
    editor.value = text;
    onTextChanged();
  }
  editor.setSelectionRange(0, 0);
}

async function applyFix(text, index) {
  if (editor.value !== text) return; // the list is about to be replaced by a fresh one
  try {
    const reply = await request('fix', { text, index });
    if (editor.value !== text) return;
    replaceText(reply.result.text);
  } catch (error) {
    reportFailure('fix', error);
  }
}

function onTextChanged() {
  // Findings of the previous text would mark, and fix, the wrong characters.
  findings = [];
  findingsList.replaceChildren();
  count.textContent = '';
  renderGutter();
  renderHighlights();
  scheduleAnalysis();
}

// --- Format -----------------------------------------------------------------------------------------------

async function formatCurrent() {
  const text = editor.value;
  formatOutput.dataset.ready = 'false';
  try {
    const reply = await request('format', { text });
    const { text: formatted, changed, refused, diagnostics } = reply.result;
    formatOutput.value = formatted;
    formatNote.textContent = refused
      ? `Not formatted: ${diagnostics.map((d) => d.message).join('; ') || 'the file has errors'}`
      : changed
        ? 'Formatted; Apply replaces the editor text.'
        : 'Already formatted.';
    applyFormatButton.disabled = refused || !changed;
    applyFormatButton.onclick = () => {
      applyFormatButton.disabled = true;
      if (editor.value !== text) {
        formatNote.textContent = 'The text changed since; format it again.';
        return;
      }
      replaceText(formatted);
      formatNote.textContent = 'Applied.';
    };
    formatOutput.dataset.ready = 'true';
  } catch (error) {
    reportFailure('format', error);
  }
}

// --- Wiring -----------------------------------------------------------------------------------------------

for (const [index, sample] of samples.entries()) sampleSelect.append(new Option(sample.name, String(index)));
sampleSelect.addEventListener('change', () => {
  const sample = samples[Number(sampleSelect.value)];
  if (sample) replaceText(sample.text);
});
editor.addEventListener('input', onTextChanged);
editor.addEventListener('scroll', syncScroll);
formatButton.addEventListener('click', formatCurrent);

editor.value = samples[0]?.text ?? '';
renderGutter();
renderHighlights();
analyze();
