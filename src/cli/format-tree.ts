/** A readable outline of a parsed Dockerfile, for `dfkit parse --format tree`. Lines are 1-based. */
import type { Dockerfile, Instruction, Range, Word } from '../parser/index.js';

function at(range: Range): string {
  const { start, end } = range;
  return start.line === end.line ? `${start.line + 1}` : `${start.line + 1}-${end.line + 1}`;
}

function quoted(words: readonly Word[]): string {
  return words.map((w) => JSON.stringify(w.value)).join(' ');
}

function details(instruction: Instruction): string[] {
  const out: string[] = [];
  for (const flag of instruction.flags) out.push(`flag --${flag.name}${flag.value === null ? '' : `=${JSON.stringify(flag.value)}`}`);
  switch (instruction.kind) {
    case 'FROM':
      if (instruction.image) {
        const { registry, repository, tag, digest, familiar } = instruction.image;
        const parts = [`repository ${repository}`];
        if (registry) parts.unshift(`registry ${registry}`);
        if (tag) parts.push(`tag ${tag}`);
        if (digest) parts.push(`digest ${digest}`);
        if (familiar) parts.push(`(${familiar})`);
        out.push(`image ${parts.join(', ')}`);
      }
      if (instruction.stageName) out.push(`stage ${instruction.stageName.value}`);
      break;
    case 'RUN':
    case 'CMD':
    case 'ENTRYPOINT':
    case 'SHELL':
      if (instruction.command) out.push(`${instruction.command.form} ${quoted(instruction.command.args)}`);
      if (instruction.kind === 'RUN') {
        for (const mount of instruction.mounts) out.push(`mount type=${mount.type}${mount.target ? ` target=${mount.target}` : ''}`);
      }
      break;
    case 'COPY':
    case 'ADD':
      out.push(`sources ${quoted(instruction.sources)}`);
      if (instruction.destination) out.push(`destination ${JSON.stringify(instruction.destination.value)}`);
      break;
    case 'ENV':
    case 'LABEL':
      for (const pair of instruction.pairs) out.push(`${pair.key.value} = ${JSON.stringify(pair.value.value)}`);
      break;
    case 'ARG':
      for (const d of instruction.declarations) {
        out.push(d.defaultValue ? `${d.name.value} = ${JSON.stringify(d.defaultValue.value)}` : d.name.value);
      }
      break;
    case 'ONBUILD':
      if (instruction.trigger) out.push(`trigger ${instruction.trigger.name} ${quoted(instruction.trigger.args)}`);
      break;
    default:
      if (instruction.args.length > 0) out.push(`args ${quoted(instruction.args)}`);
  }
  for (const heredoc of instruction.heredocs) {
    out.push(`heredoc ${heredoc.name} (lines ${at(heredoc.bodyRange)}${heredoc.expand ? '' : ', no expansion'})`);
  }
  return out;
}

export function formatTree(file: string, ast: Dockerfile): string {
  let out = `${file}\n`;
  for (const node of ast.nodes) {
    if (node.type === 'Directive') out += `  ${at(node.range)}  directive ${node.name}=${node.value}\n`;
    else if (node.type === 'Instruction') {
      out += `  ${at(node.range)}  ${node.name}\n`;
      for (const line of details(node)) out += `      ${line}\n`;
    }
  }
  return out;
}
