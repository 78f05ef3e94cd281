/**
 * One long token after each instruction: every layer reads it whole and answers. Runs of one character or word
 * (slashes, blanks, carriage returns, heredoc markers, `?`, repeated program names) once made patterns retry from
 * every character of the run, and a long `?` pattern ran JavaScript's expression engine out of stack.
 */
import { describe, expect, it } from 'vitest';
import { formatDockerfile } from '../src/format/index.js';
import { lint } from '../src/lint/index.js';
import { parse, print } from '../src/parser/index.js';
import { contextFromFiles, memoryHasher, plan } from '../src/planner/index.js';

const STARTS = [
  'FROM ', 'FROM a AS ', 'RUN ', 'RUN apt-get install ', 'RUN --mount=type=cache,target=', 'RUN mvn ', 'RUN yarn ', 'RUN pip install ',
  'CMD ["', 'COPY ', 'COPY --parents ', 'COPY --from=', 'ADD ', 'ENV a=', 'LABEL ', 'ARG a=', 'EXPOSE ', 'WORKDIR ', 'USER ',
  'HEALTHCHECK --interval=', 'ONBUILD ', '# syntax=', '# hadolint shell=', '# hadolint ignore=', '# dfkit-ignore ', '# check=skip=',
];
const UNITS = ['a', ' ', '\t', '/', '?', '*', '\\', '"', '$', '\r', '0', '<<a ', 'mvn ', '--yarn', '\\\n', 'a b\n'];
const LENGTH = 20_000;

describe('a long token after each instruction', () => {
  const context = contextFromFiles({ 'package.json': '{}', 'src/app.js': 'x' }, 'node_modules\n');
  it.each(STARTS)('is read whole by every layer after %j', async (start) => {
    for (const unit of UNITS) {
      const text = `FROM b\n${start}${unit.repeat(LENGTH / unit.length)}\nRUN x\n`;
      const parsed = parse(text);
      expect(print(parsed.ast)).toBe(text);
      for (const finding of lint(text).findings) {
        expect(finding.range.end.offset).toBeLessThanOrEqual(text.length);
      }
      const formatted = formatDockerfile(text, { allowErrors: true });
      expect(formatDockerfile(formatted.text, { allowErrors: true }).text).toBe(formatted.text);
      const planned = await plan(text, { context, hasher: memoryHasher(context) });
      expect(planned.stages.length).toBeGreaterThan(0);
    }
  });
});
