/** Ignore pragma lists read in linear time, deciding as the regular expressions that once read them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dfkitIgnoreList, hadolintIgnoreList } from '../../src/lint/ignore-pragma.js';
import { lint } from '../../src/lint/index.js';

// The definitions, as regular expressions: right on short comments, and slow on long runs of spaces.
const DFKIT = /^(\s*#\s*dfkit-ignore(-file)?\s+)([A-Za-z0-9_,\s-]+?)\s*(?:--.*)?$/;
const HADOLINT = /^(\s*#\s*hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*)([^#]*?)\s*(?:#.*)?$/;

describe('ignore pragma lists', () => {
  it('are read as the regular expressions read them', () => {
    const piece = fc.constantFrom(
      '#', ' ', '  ', '\t', '\u00a0', '\r', '\n', 'dfkit-ignore', 'dfkit-ignore-file', '-file', 'hadolint', 'global', 'stage', 'ignore',
      '=', ',', '-', '--', 'DL3008', 'a_b', 'no-sudo', 'x', '.', '"', 'é',
    );
    const comment = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(''));
    const lead = fc.constantFrom('# dfkit-ignore ', '# dfkit-ignore-file ', '#dfkit-ignore\t', '# hadolint ignore=', '# hadolint global ignore=', ' #hadolint stage  ignore =', '');
    fc.assert(
      fc.property(lead, comment, (start, rest) => {
        const text = start + rest;
        const dfkit = DFKIT.exec(text);
        const read = dfkitIgnoreList(text);
        // A list of nothing but spaces, which only an untrimmed comment can have, is no list any more.
        if (dfkit && (dfkit[3] as string).trim() === '') expect(read).toBeNull();
        else expect(read && [read.fileWide, read.start, read.list]).toEqual(dfkit && [dfkit[2] !== undefined, (dfkit[1] as string).length, dfkit[3]]);
        const hadolint = HADOLINT.exec(text);
        const readHadolint = hadolintIgnoreList(text);
        expect(readHadolint && [readHadolint.scope, readHadolint.start, readHadolint.list]).toEqual(
          hadolint && [hadolint[2], (hadolint[1] as string).length, hadolint[3]],
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('ends a dfkit list at the first place the rest is a reason', () => {
    expect(dfkitIgnoreList('# dfkit-ignore a, b -- because -- really')).toMatchObject({ list: 'a, b', start: 15, end: 19 });
    expect(dfkitIgnoreList('# dfkit-ignore-file a b')).toMatchObject({ fileWide: true, list: 'a b' });
    expect(dfkitIgnoreList('# dfkit-ignore a.b')).toBeNull();
    expect(hadolintIgnoreList('# hadolint stage ignore=DL3008 , DL3009  # old base')).toMatchObject({ scope: 'stage', list: 'DL3008 , DL3009' });
  });

  it('are read at once in comments with long runs of spaces, which the regular expressions took seconds over', () => {
    const spaces = '\t'.repeat(50_000);
    const text = [
      'FROM alpine',
      `# dfkit-ignore ${spaces}x${spaces}"`,
      `# hadolint ignore=DL3018${spaces}DL3019${spaces}#`,
      `# dfkit-ignore DL3018${spaces}-- why`,
      'RUN apk add curl',
      '',
    ].join('\n');
    expect(lint(text).findings.map((finding) => finding.code)).not.toContain('DL3018');
  });
});
