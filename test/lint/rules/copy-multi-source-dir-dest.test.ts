import { copyMultiSourceDirDest } from '../../../src/lint/rules/copy-multi-source-dir-dest.js';
import { testRule } from '../rule-tester.js';

const message = 'COPY with more than 2 arguments requires the last argument to end with /';

testRule(copyMultiSourceDirDest, {
  valid: [
    // hadolint does not look into ONBUILD triggers for this check.
    'FROM a:1\nONBUILD COPY a b /c',
    'FROM a:1\nCOPY foo bar',
    'FROM a:1\nCOPY foo bar baz/',
    'FROM a:1\nCOPY foo bar "baz/"',
    'FROM a:1\nCOPY ["foo", "bar", "/baz/"]',
    'FROM a:1\nCOPY --from=build /a /b /out/',
    'FROM a:1\nCOPY foo bar $DEST',
    '# escape=`\nFROM a:1\nCOPY a.txt b.txt C:\\app\\',
    'FROM a:1\nADD foo bar baz',
  ],
  invalid: [
    { code: 'FROM a:1\nCOPY foo bar baz', errors: [{ message, line: 2, text: 'baz' }], output: 'FROM a:1\nCOPY foo bar baz/' },
    { code: 'FROM a:1\nCOPY foo bar "baz"', errors: [{ message, line: 2, text: '"baz"' }], output: 'FROM a:1\nCOPY foo bar "baz/"' },
    { code: "FROM a:1\nCOPY foo bar '/srv'", errors: [{ text: "'/srv'" }], output: "FROM a:1\nCOPY foo bar '/srv/'" },
    { code: 'FROM a:1\nCOPY ["foo", "bar", "/baz"]', errors: [{ line: 2, text: '"/baz"' }], output: 'FROM a:1\nCOPY ["foo", "bar", "/baz/"]' },
    { code: 'FROM a:1\nCOPY ["foo", "bar", "/b\\u0061z"]', errors: [{ text: '"/b\\u0061z"' }], output: 'FROM a:1\nCOPY ["foo", "bar", "/b\\u0061z/"]' },
    {
      code: 'FROM a:1\nCOPY package.json \\\n  package-lock.json \\\n  /app',
      errors: [{ line: 4, text: '/app' }],
      output: 'FROM a:1\nCOPY package.json \\\n  package-lock.json \\\n  /app/',
    },
    {
      code: 'FROM a:1\nCOPY <<a.txt <<b.txt /etc\nA\na.txt\nB\nb.txt',
      errors: [{ line: 2, text: '/etc' }],
      output: 'FROM a:1\nCOPY <<a.txt <<b.txt /etc/\nA\na.txt\nB\nb.txt',
    },
    // A JSON destination ending in an escape takes no slash: it would change what the backslash escapes.
    { code: 'FROM a:1\nCOPY ["foo", "bar", "C:\\\\"]', errors: [{ text: '"C:\\\\"' }], output: 'FROM a:1\nCOPY ["foo", "bar", "C:\\\\"]' },
    // A heredoc where the destination goes (refused by the builder) takes no slash: it would change the delimiter.
    { code: 'FROM a:1\nCOPY a b <<EOF\nhi\nEOF\n', errors: [{ text: '<<EOF' }], output: 'FROM a:1\nCOPY a b <<EOF\nhi\nEOF\n' },
  ],
});
