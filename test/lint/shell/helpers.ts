import { expect } from 'vitest';
import type { ShellScript, ShellWord, SimpleCommand } from '../../../src/lint/shell/index.js';

/** A command as `[name, ...args]` values, `^` marking a nested one, `=` prefixing assignments. */
export function summary(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const a of cmd.assignments) out.push(`${a.name}${a.append ? '+=' : '='}${a.value.value}`);
  if (cmd.name !== null) out.push(cmd.name.value);
  for (const w of cmd.args) out.push(w.value);
  if (cmd.nested) out[0] = `^${out[0] ?? ''}`;
  return out;
}

export function summaries(script: ShellScript): string[][] {
  return script.commands.map(summary);
}

/** Every word of a command: name, arguments, assignment values, redirect targets. */
export function wordsOf(cmd: SimpleCommand): ShellWord[] {
  const words: ShellWord[] = [];
  if (cmd.name !== null) words.push(cmd.name);
  words.push(...cmd.args);
  for (const a of cmd.assignments) words.push(a.value);
  for (const r of cmd.redirects) if (r.target !== null) words.push(r.target);
  return words;
}

/**
 * The structural promises of `parseShell`, which hold for any input. Plain comparisons rather than `expect`
 * per word: the large inputs of the limit tests have hundreds of thousands of words.
 */
export function checkInvariants(text: string, script: ShellScript): void {
  const fail = (what: string, detail: unknown): never => {
    throw new Error(`${what}: ${JSON.stringify(detail)} in ${JSON.stringify(text.slice(0, 200))}`);
  };
  const inText = (start: number, end: number): boolean => start >= 0 && start <= end && end <= text.length;
  let previous = -1;
  for (const cmd of script.commands) {
    if (cmd.start < previous) fail('commands out of order', cmd);
    previous = cmd.start;
    if (!inText(cmd.start, cmd.end)) fail('command range', cmd);
    if (!(cmd.pipeline >= 0 && cmd.pipeline < script.pipelineCount)) fail('pipeline number', cmd);
    for (const w of wordsOf(cmd)) {
      if (!inText(w.start, w.end)) fail('word range', w);
      if (text.slice(w.start, w.end) !== w.raw) fail('raw is not the source slice', w);
      for (const p of w.parts ?? []) if (p.start < w.start || p.end > w.end || p.start > p.end) fail('part range', w);
    }
    if (!cmd.nested) {
      for (const a of cmd.assignments) if (!text.slice(a.start, a.end).startsWith(a.name)) fail('assignment', a);
    }
    for (const r of cmd.redirects) {
      if (!inText(r.start, r.end)) fail('redirect range', r);
      const body = r.heredoc?.body;
      if (body && !inText(body.start, body.end)) fail('heredoc range', r);
      if (body && !cmd.nested && text.slice(body.start, body.end) !== body.text) fail('heredoc text', r);
    }
  }
  expect(script.commands.length).toBeGreaterThanOrEqual(0);
}
