/**
 * The classic builder's parser does not read heredocs: it takes `RUN <<EOF` for a shell-form RUN of `<<EOF`,
 * and each line of the body, and the terminator, for an instruction of its own. Measured on Docker 20.10: the
 * build fails on the first of those lines that is not an instruction (`unknown instruction: ECHO`), before any
 * step runs. Pure: reads the syntax tree only.
 */
import { isInstructionName, type Dockerfile, type Heredoc, type Range } from '../parser/ast.js';
import type { PlanDiagnostic } from './plan-types.js';

/**
 * The error the classic builder stops the build with when a heredoc's body or terminator holds a line that is no
 * instruction, or `null` when there is none. A heredoc with no lines after it (`RUN cat <<EOF > /x` on the last
 * line) runs as the shell command it is. Should every line of a body and its terminator read as an instruction, the
 * builder goes on with those instead of what was meant, which the plan does not model.
 */
export function classicHeredocError(ast: Dockerfile): PlanDiagnostic | null {
  for (const instruction of ast.instructions) {
    for (const heredoc of instruction.heredocs) {
      const line = firstNonInstructionLine(heredoc);
      if (line) {
        const message = `unknown instruction: ${line.word.toUpperCase()} (the classic builder does not read heredocs; use BuildKit)`;
        return { code: 'unsupported-heredoc', severity: 'error', message, range: line.range };
      }
    }
  }
  return null;
}

/** The first word and range of the first body or terminator line that the classic parser cannot read as an instruction. */
function firstNonInstructionLine(heredoc: Heredoc): { readonly word: string; readonly range: Range } | null {
  const content = heredoc.content;
  for (let start = 0; start < content.length; ) {
    const newline = content.indexOf('\n', start);
    const end = newline < 0 ? content.length : newline;
    const word = /^[ \t]*([^\s#]\S*)/.exec(content.slice(start, end));
    if (word && !isInstructionName(word[1]!.toUpperCase())) {
      const at = start + word[0].length - word[1]!.length;
      return { word: word[1]!, range: heredoc.rangeOf(at, at + word[1]!.length) };
    }
    start = end + 1;
  }
  const terminator = heredoc.terminatorRange;
  if (terminator && !isInstructionName(heredoc.name.toUpperCase())) return { word: heredoc.name, range: terminator };
  return null;
}
