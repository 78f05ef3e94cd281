import { copyOverAdd } from '../../../src/lint/rules/copy-over-add.js';
import { testRule } from '../rule-tester.js';

const message = 'Use COPY instead of ADD for files and folders';

testRule(copyOverAdd, {
  valid: [
    // hadolint does not look into ONBUILD triggers for this check.
    'FROM a:1\nONBUILD ADD . /app/',
    'FROM a:1\nADD file.tar /usr/src/app/',
    'FROM a:1\nADD file.gz /usr/src/app/',
    'FROM a:1\nADD file.bz2 /usr/src/app/',
    'FROM a:1\nADD file.xz /usr/src/app/',
    'FROM a:1\nADD file.tgz /usr/src/app/',
    'FROM a:1\nADD rootfs.tar.zst /',
    'FROM a:1\nADD ARCHIVE.TAR.GZ /opt/',
    'FROM a:1\nADD http://file.com /usr/src/app/',
    'FROM a:1\nADD "file.tgz" /usr/src/app/',
    'FROM a:1\nADD "http://file.com" /usr/src/app/',
    'FROM a:1\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /opt/',
    'FROM a:1\nADD git@github.com:moby/buildkit.git /src',
    'FROM a:1\nADD https://github.com/moby/buildkit.git#v0.12 /src',
    'FROM a:1\nADD ["a.tar", "https://example.com/b", "/dst/"]',
    'FROM a:1\nADD $URL /opt/',
    // A variable is judged by its value where the ARG defaults and ENVs give it one.
    'FROM a:1\nARG REPO=https://github.com/moby/buildkit.git\nADD ${REPO}#v0.12 /src',
    'FROM a:1\nENV TARBALL=app-1.0.tar.gz\nADD $TARBALL /opt/',
    'FROM a:1\nARG JAR\nADD $JAR /opt/',
    'FROM a:1\nCOPY file /usr/src/app/',
  ],
  invalid: [
    { code: 'FROM a:1\nADD file /usr/src/app/', errors: [{ message, line: 2, text: 'ADD' }], output: 'FROM a:1\nCOPY file /usr/src/app/' },
    { code: 'FROM a:1\nADD file.zip /usr/src/app/', errors: [{ message, line: 2, text: 'ADD' }], output: 'FROM a:1\nCOPY file.zip /usr/src/app/' },
    { code: 'FROM a:1\nADD "file.zip" /usr/src/app/', errors: [{ message, line: 2, text: 'ADD' }], output: 'FROM a:1\nCOPY "file.zip" /usr/src/app/' },
    // A variable whose value is a plain file: reported, but no fix (a build may give it another value).
    { code: 'FROM a:1\nENV JAR=app.jar\nADD $JAR /opt/', errors: [{ line: 3, text: 'ADD' }], output: 'FROM a:1\nENV JAR=app.jar\nADD $JAR /opt/' },
    { code: 'ARG JAR=app.jar\nFROM a:1\nARG JAR\nADD ${JAR} /opt/', errors: [{ line: 4 }], output: 'ARG JAR=app.jar\nFROM a:1\nARG JAR\nADD ${JAR} /opt/' },
    // One source is an archive ADD unpacks: COPY would not do the same, so no fix.
    { code: 'FROM a:1\nADD file.tar other /usr/src/app/', errors: [{ line: 2, text: 'ADD' }], output: 'FROM a:1\nADD file.tar other /usr/src/app/' },
    { code: 'FROM a:1\nADD ["src", "/app/"]', errors: [{ line: 2, text: 'ADD' }], output: 'FROM a:1\nCOPY ["src", "/app/"]' },
    { code: 'FROM a:1\nadd --chown=app . /app', errors: [{ line: 2, text: 'add' }], output: 'FROM a:1\ncopy --chown=app . /app' },
    { code: 'FROM a:1\nAdd --link --chmod=644 a /b/', errors: [{ text: 'Add' }], output: 'FROM a:1\nCOPY --link --chmod=644 a /b/' },
    { code: 'FROM a:1\nADD <<EOF /etc/motd\nhello\nEOF', errors: [{ line: 2, text: 'ADD' }], output: 'FROM a:1\nCOPY <<EOF /etc/motd\nhello\nEOF' },
    // A flag COPY does not have: no fix.
    {
      code: 'FROM a:1\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d file /x',
      errors: [{ text: 'ADD' }],
      output: 'FROM a:1\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d file /x',
    },
  ],
});
