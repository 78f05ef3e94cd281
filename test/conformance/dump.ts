/**
 * Dumps our AST in the form BuildKit's parser tests print their AST (`result` files): one line a
 * top-level instruction, keyword in lower case, flags as a bracketed list, then the argument chain, every
 * string quoted the way Go's strconv.Quote does.
 */
import { goQuote, type Dockerfile, type Instruction } from '../../src/parser/index.js';

export function dumpInstruction(instruction: Instruction): string {
  let out = instruction.keyword.toLowerCase();
  if (instruction.flags.length > 0) out += ' [' + instruction.flags.map((f) => goQuote(f.text)).join(' ') + ']';
  if (instruction.kind === 'ONBUILD') {
    if (instruction.trigger) out += ` (${dumpInstruction(instruction.trigger)})`;
  } else {
    for (const arg of instruction.args) out += ' ' + goQuote(arg.value);
  }
  return out.trim();
}

export function dumpBuildKit(ast: Dockerfile): string {
  return ast.instructions.map((i) => `(${dumpInstruction(i)})\n`).join('');
}
