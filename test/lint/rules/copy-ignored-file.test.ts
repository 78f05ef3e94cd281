import { copyIgnoredFile } from '../../../src/lint/rules/copy-ignored-file.js';
import { testRule } from '../rule-tester.js';

const ignoring = (dockerignoreText: string) => ({ dockerignoreText });

testRule(copyIgnoredFile, {
  valid: [
    // Without the ignore file's text there is nothing to compare against.
    'FROM nginx:1.27\nCOPY build/ /srv/',
    { code: 'FROM nginx:1.27\nCOPY site/ /srv/', settings: ignoring('build/\n') },
    { code: 'FROM alpine:3.20\nCOPY . /app', settings: ignoring('*\n!src\n') },
    { code: 'FROM alpine:3.20\nCOPY . /app', settings: ignoring('*.log\n') },
    { code: 'FROM nginx:1.27\nCOPY --from=builder build/ /srv/', settings: ignoring('build\n') },
    { code: 'FROM nginx:1.27\nADD https://example.com/build /srv/', settings: ignoring('https*\n**\n') },
    // An exception re-includes the path; patterns are anchored at the root.
    { code: 'FROM nginx:1.27\nCOPY build/site /srv/', settings: ignoring('build\n!build/site\n') },
    { code: 'FROM nginx:1.27\nCOPY sub/app.log /srv/', settings: ignoring('*.log\n') },
    { code: 'FROM nginx:1.27\nONBUILD COPY build/ /srv/', settings: ignoring('build\n') },
    { code: 'FROM nginx:1.27\nCOPY . /srv/', settings: ignoring('build\n') },
    { code: 'FROM nginx:1.27\nCOPY <<EOF /srv/x\nhi\nEOF\n', settings: ignoring('**\n') },
  ],
  invalid: [
    {
      code: 'FROM nginx:1.27\nCOPY build/ /usr/share/nginx/html/',
      settings: ignoring('# output\nbuild/\n'),
      errors: [{ message: 'Attempting to Copy file "build" that is excluded by .dockerignore', line: 2, text: 'build/' }],
    },
    // The whole context, when nothing at its root is left; not with an exception.
    { code: 'FROM alpine:3.20\nCOPY . /app', settings: ignoring('/*\n'), errors: [{ message: 'Attempting to Copy file "." that is excluded by .dockerignore', text: '.' }] },
    {
      code: 'FROM nginx:1.27\nADD ./tmp/Dockerfile /x',
      settings: ignoring('tmp\n'),
      errors: [{ message: 'Attempting to Add file "tmp/Dockerfile" that is excluded by .dockerignore', text: './tmp/Dockerfile' }],
    },
    {
      code: 'FROM alpine:3.20\nARG DIR=secrets\nCOPY $DIR/key.pem app.txt /etc/',
      settings: ignoring('**/*.pem\n'),
      errors: [{ message: 'Attempting to Copy file "secrets/key.pem" that is excluded by .dockerignore', text: '$DIR/key.pem' }],
    },
    {
      code: 'FROM alpine:3.20\nCOPY docs/readme.md /x\n',
      settings: ignoring('docs\n!docs/readme.md\ndocs/readme.md\n'),
      errors: [{ text: 'docs/readme.md' }],
    },
  ],
});
