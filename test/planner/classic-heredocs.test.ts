import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { classicHeredocError } from '../../src/planner/classic-heredocs.js';
import { plan } from '../../src/planner/index.js';

const errorOf = (text: string) => {
  const error = classicHeredocError(parse(text).ast);
  return error && { message: error.message, line: error.range.start.line, character: error.range.start.character };
};

describe('classicHeredocError', () => {
  it('names the first body line that is no instruction, where the classic parser stops', () => {
    expect(errorOf('FROM b\nRUN <<EOF\n  # a comment\n\nenv X=1\n  echo hi\nEOF\n')).toEqual({
      message: 'unknown instruction: ECHO (the classic builder does not read heredocs; use BuildKit)',
      line: 5,
      character: 2,
    });
  });

  it('falls to the terminator when every body line reads as an instruction', () => {
    expect(errorOf('FROM b\nCOPY <<END /x\nRUN true\nEND\n')).toMatchObject({ message: expect.stringMatching(/^unknown instruction: END /), line: 3 });
  });

  it('is null when every line reads as an instruction: the builder goes on with those', () => {
    expect(errorOf('FROM b\nRUN <<ENV\nLABEL a=b\nENV\n')).toBeNull();
  });

  it('is null for a file without heredocs, and for a heredoc with no lines after it', () => {
    expect(errorOf('FROM b\nRUN cat <<EOF > /x\n')).toBeNull();
    expect(errorOf('FROM b\nRUN echo hi\n')).toBeNull();
  });

  it('is an error of classic plans only', async () => {
    const text = 'FROM busybox\nRUN <<EOF\necho hi\nEOF\n';
    const codes = async (builder: 'classic' | 'buildkit' | 'podman') =>
      (await plan(text, { context: null, builder })).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
    expect(await codes('classic')).toEqual(['unsupported-heredoc']);
    expect(await codes('buildkit')).toEqual([]);
    expect(await codes('podman')).toEqual([]);
  });
});
