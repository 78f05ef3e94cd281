import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/lsp/analysis.js';
import { signatureHelp } from '../../src/lsp/signature-help.js';

function help(text: string) {
  const offset = text.indexOf('|');
  const source = text.slice(0, offset) + text.slice(offset + 1);
  const before = source.slice(0, offset);
  return signatureHelp(analyze(source), { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) });
}

describe('signatureHelp', () => {
  it('shows the flags of an instruction as parameters and follows the flag being typed', () => {
    const result = help('FROM a\nCOPY --ch|\n');
    const signature = result?.signatures[0];
    expect(signature?.label).toBe(
      'COPY [--from=<stage|image|context>] [--chown=<user>[:<group>]] [--chmod=<mode>] [--link] [--exclude=<pattern>] [--parents] <src>… <dest>',
    );
    const [start, end] = signature?.parameters?.[result?.activeParameter ?? 0]?.label as [number, number];
    expect(signature?.label.slice(start, end)).toBe('[--chown=<user>[:<group>]]');
  });

  it('moves to the arguments once a non-flag word is written', () => {
    const result = help('FROM a\nRUN --network=none echo |\n');
    const signature = result?.signatures[0];
    const [start, end] = signature?.parameters?.[result?.activeParameter ?? 0]?.label as [number, number];
    expect(signature?.label.slice(start, end)).toBe('<command>');
  });

  it('suggests the next unused flag after a space', () => {
    const result = help('FROM a\nHEALTHCHECK --interval=5s |\n');
    expect(result?.activeParameter).toBe(1);
  });

  it('has nothing for instructions without flags', () => {
    expect(help('FROM a\nWORKDIR |\n')).toBeNull();
    expect(help('FROM a\n|\n')).toBeNull();
  });
});
