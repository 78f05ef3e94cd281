/**
 * Code actions: every fix the linter offers for the findings under the cursor (safe ones preferred, the
 * safety in the title), suppression comments for the line and for the file, and "fix all safe problems".
 *
 * Suppressions use the comment forms `src/lint/pragmas.ts` honours. hadolint's pragma only accepts codes made
 * of `DLSC0-9` (one other entry invalidates the whole comment), so findings with another code (BuildKit check
 * names, dfkit rule ids) get dfkit's own `# dfkit-ignore` / `# dfkit-ignore-file` comments instead.
 */
import { CodeActionKind, type CodeAction, type Range as LspRange, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { applyFixes, PARSE_ERROR_CODE, type Finding, type TextEdit } from '../lint/index.js';
import { dfkitIgnoreList, hadolintIgnoreList, type PragmaList } from '../lint/ignore-pragma.js';
import { isRightAbove } from '../lint/pragmas.js';
import type { Comment, Instruction } from '../parser/index.js';
import type { Analysis } from './analysis.js';
import { toDiagnostic } from './diagnostics.js';
import { offsetAt, rangeAt } from './positions.js';
import { diffLines } from './text-diff.js';

/** The kind of the fix-all action (`source.fixAll.dfkit`), usable in `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dfkit`;

const HADOLINT_CODE = /^[DLSC0-9]+$/;
/** The list of an ignore pragma of one kind in a comment, or `null` when the comment is not one. */
type PragmaReader = (comment: string) => PragmaList | null;
const LINE_PRAGMA: PragmaReader = (comment) => {
  const pragma = hadolintIgnoreList(comment);
  return pragma && pragma.scope === undefined ? pragma : null;
};
const FILE_PRAGMA: PragmaReader = (comment) => {
  const pragma = hadolintIgnoreList(comment);
  return pragma && pragma.scope === 'global' ? pragma : null;
};
const DFKIT_LINE: PragmaReader = (comment) => {
  const pragma = dfkitIgnoreList(comment);
  return pragma && !pragma.fileWide ? pragma : null;
};
const DFKIT_FILE: PragmaReader = (comment) => {
  const pragma = dfkitIgnoreList(comment);
  return pragma && pragma.fileWide ? pragma : null;
};

export interface CodeActionRequest {
  readonly uri: string;
  readonly range: LspRange;
  /** The kinds the client asked for (`context.only`); all when absent. */
  readonly only?: readonly string[];
  /** Lints a text with the document's options: fix-all re-lints after each pass, as `dfkit lint --fix` does. */
  readonly relint: (text: string) => readonly Finding[];
}

/** The code actions for a range of an analysed document. */
export function codeActions(analysis: Analysis, request: CodeActionRequest): CodeAction[] {
  const { text, lines } = analysis;
  const wanted = (kind: string): boolean =>
    !request.only || request.only.some((only) => kind === only || kind.startsWith(`${only}.`));
  const from = offsetAt(lines, request.range.start);
  const to = offsetAt(lines, request.range.end);
  const findings = analysis.lint.findings;
  const actions: CodeAction[] = [];
  const edit = (edits: readonly TextEdit[]): CodeAction['edit'] => ({
    changes: { [request.uri]: edits.map((e) => toLspEdit(analysis, e)) },
  });

  if (wanted(CodeActionKind.QuickFix)) {
    const fixes: CodeAction[] = [];
    const ignores: CodeAction[] = [];
    const seen = new Set<string>();
    findings.forEach((finding) => {
      if (finding.range.start.offset > to || finding.range.end.offset < from) return;
      if (finding.code === PARSE_ERROR_CODE) return;
      const diagnostic = toDiagnostic(finding, lines);
      if (finding.fix && finding.fix.edits.length > 0) {
        const safe = finding.fix.safety === 'safe';
        fixes.push({
          title: `${finding.fix.description} (${safe ? 'safe fix' : 'unsafe fix: review the change'})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: safe,
          edit: edit(finding.fix.edits),
        });
      }
      const instruction = instructionOfFinding(analysis, finding);
      const lineKey = `line:${finding.code}:${instruction?.range.start.offset ?? -1}`;
      if (instruction && !seen.has(lineKey)) {
        seen.add(lineKey);
        const hadolint = HADOLINT_CODE.test(finding.code);
        ignores.push({
          title: `Ignore ${finding.code} for this line (${hadolint ? '# hadolint ignore' : '# dfkit-ignore'})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit([lineSuppression(analysis, instruction, finding.code)]),
        });
      }
      const fileKey = `file:${finding.code}`;
      if (!seen.has(fileKey)) {
        seen.add(fileKey);
        const hadolint = HADOLINT_CODE.test(finding.code);
        ignores.push({
          title: `Ignore ${finding.code} for this file (${hadolint ? '# hadolint global ignore' : '# dfkit-ignore-file'})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit([fileSuppression(analysis, finding.code)]),
        });
      }
    });
    actions.push(...fixes, ...ignores);
  }

  if (wanted(FIX_ALL_KIND) && findings.some((finding) => finding.fix?.safety === 'safe')) {
    const fixed = fixAllSafe(text, findings, request.relint);
    if (fixed !== text) {
      actions.push({
        title: 'Fix all safe problems (dfkit)',
        kind: FIX_ALL_KIND,
        edit: { changes: { [request.uri]: diffLines(text, fixed, lines) } },
      });
    }
  }
  return actions;
}

/**
 * Applies safe fixes until the text stops changing (at most ten passes), re-linting between passes; a pass
 * that would introduce a parse error is dropped, as `dfkit lint --fix` does.
 */
export function fixAllSafe(text: string, findings: readonly Finding[], relint: (text: string) => readonly Finding[]): string {
  if (findings.some((finding) => finding.code === PARSE_ERROR_CODE)) return text;
  let current = text;
  let currentFindings = findings;
  for (let pass = 0; pass < 10; pass++) {
    const outcome = applyFixes(current, currentFindings, ['safe']);
    if (outcome.applied.length === 0 || outcome.text === current) break;
    const next = relint(outcome.text);
    if (next.some((finding) => finding.code === PARSE_ERROR_CODE)) break;
    current = outcome.text;
    currentFindings = next;
  }
  return current;
}

/** The top-level instruction a finding belongs to (the one starting on its `instructionLine`). */
function instructionOfFinding(analysis: Analysis, finding: Finding): Instruction | null {
  if (finding.instructionLine === undefined) return null;
  const instruction = analysis.instructionAt(finding.range.start.offset);
  return instruction && instruction.startLine === finding.instructionLine ? instruction : null;
}

/** `# hadolint ignore=CODE` above the instruction, or the code added to the pragma already there. */
export function lineSuppression(analysis: Analysis, instruction: Instruction, code: string): TextEdit {
  const hadolint = HADOLINT_CODE.test(code);
  // hadolint reads only the comment on the line right above the instruction; ours reads the whole block.
  const above = instruction.comments.at(-1);
  const adjacent = above && isRightAbove(above, instruction) ? [above] : [];
  const existing = mergeInto(hadolint ? adjacent : instruction.comments, hadolint ? LINE_PRAGMA : DFKIT_LINE, code);
  if (existing) return existing;
  const lineStart = sourceLineStart(analysis.text, instruction.range.start.offset);
  const indent = /^[ \t]*/.exec(analysis.text.slice(lineStart, instruction.range.start.offset))?.[0] ?? '';
  const comment = hadolint ? `# hadolint ignore=${code}` : `# dfkit-ignore ${code}`;
  return { start: lineStart, end: lineStart, text: `${indent}${comment}\n` };
}

/**
 * `# hadolint global ignore=CODE` for the whole file, merged into an existing one when there is one. A new
 * comment goes after the parser directives, which must stay the first lines of the file.
 */
export function fileSuppression(analysis: Analysis, code: string): TextEdit {
  const hadolint = HADOLINT_CODE.test(code);
  const existing = mergeInto(analysis.ast.comments, hadolint ? FILE_PRAGMA : DFKIT_FILE, code);
  if (existing) return existing;
  const comment = hadolint ? `# hadolint global ignore=${code}` : `# dfkit-ignore-file ${code}`;
  const lastDirective = analysis.ast.directives.at(-1);
  if (!lastDirective) return { start: 0, end: 0, text: `${comment}\n` };
  const newline = analysis.text.indexOf('\n', lastDirective.range.end.offset);
  if (newline === -1) return { start: analysis.text.length, end: analysis.text.length, text: `\n${comment}\n` };
  return { start: newline + 1, end: newline + 1, text: `${comment}\n` };
}

/**
 * Where the Dockerfile line holding `offset` starts. A comment inserted above an instruction must be a line of
 * its own for the parser, whose lines end at `\n` only (a lone `\r` before the instruction does not end one).
 */
function sourceLineStart(text: string, offset: number): number {
  return offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** An edit adding `code` to the list of the last comment matching `pattern`, or `null` when there is none. */
function mergeInto(comments: readonly Comment[], read: PragmaReader, code: string): TextEdit | null {
  for (const comment of [...comments].reverse()) {
    const pragma = read(comment.raw);
    if (!pragma) continue;
    const at = comment.range.start.offset + pragma.end;
    return { start: at, end: at, text: `,${code}` };
  }
  return null;
}

function toLspEdit(analysis: Analysis, edit: TextEdit): LspTextEdit {
  return { range: rangeAt(analysis.lines, edit.start, edit.end), newText: edit.text };
}
