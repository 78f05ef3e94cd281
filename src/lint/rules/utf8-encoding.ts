import { describeEncoding } from '../../parser/index.js';
import { lineTableOf } from '../line-table.js';
import type { RuleModule } from '../types.js';

/**
 * A Dockerfile saved as UTF-16 or UTF-32. The linter sees text, not bytes: whoever read the file says how it
 * was decoded (the `encoding` setting, which the CLI sets from the file's byte order mark).
 */
export const utf8Encoding: RuleModule = {
  meta: {
    id: 'utf8-encoding',
    severity: 'error',
    category: 'correctness',
    locality: 'stage',
    docs: {
      summary: 'Save the Dockerfile as UTF-8',
      description:
        'Flags a Dockerfile stored as UTF-16 or UTF-32 (recognised by its byte order mark), once, on its first ' +
        'line. The linter sees text, not bytes, so the caller says how the file was decoded: the CLI sets the ' +
        '`encoding` setting when it reads a file that starts with a UTF-16 or UTF-32 byte order mark, and the ' +
        'rest of the file is linted as hadolint lints it, decoded. Without the setting the rule reports nothing.',
      rationale:
        'Docker reads a Dockerfile as UTF-8 and drops only a UTF-8 byte order mark. A UTF-16 file reaches the ' +
        'parser as a byte order mark and NUL bytes between the letters, so the build stops at the first line ' +
        'with an unknown instruction. Windows tools write such files without asking: Windows PowerShell 5 ' +
        'redirection (`>`, `Out-File`) writes UTF-16, and some editors offer "Unicode" as an encoding.',
      example: '# (saved as UTF-16 LE, with its byte order mark)\nFROM alpine:3.20\nRUN echo hello',
      useInstead: '# (saved as UTF-8)\nFROM alpine:3.20\nRUN echo hello',
    },
  },
  create(context) {
    const encoding = context.settings.encoding;
    if (encoding === undefined || encoding === 'utf-8') return {};
    return {
      Dockerfile() {
        const firstLineEnd = /\r?\n|$/.exec(context.text)?.index ?? 0;
        context.report({
          message:
            `This Dockerfile is encoded as ${describeEncoding(encoding)}; Docker reads Dockerfiles as UTF-8 and ` +
            `fails on it (unknown instruction on line 1): save it as UTF-8`,
          range: lineTableOf(context).range(0, firstLineEnd),
        });
      },
    };
  },
};
