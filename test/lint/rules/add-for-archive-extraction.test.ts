import { addForArchiveExtraction } from '../../../src/lint/rules/add-for-archive-extraction.js';
import { testRule } from '../rule-tester.js';

const message = 'Use `ADD` for extracting archives into an image';

testRule(addForArchiveExtraction, {
  valid: [
    // ADD does not unpack a zip, so there is nothing to gain.
    'FROM debian:12\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip -d /opt',
    // Copied to an archive name, the archive is known by that name only.
    'FROM debian:12\nCOPY app.tar /tmp/b.tar\nRUN tar -xf /tmp/app.tar',
    'FROM debian:12\nADD app.tar.gz /opt/',
    'FROM debian:12\nCOPY app.tar.gz /tmp/',
    'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -tzf /tmp/app.tar.gz',
    'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -czf /tmp/other.tar.gz /opt',
    'FROM debian:12\nCOPY main.go /src/\nRUN tar -xf /tmp/other.tar',
    'FROM debian:12\nCOPY --from=build /out/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz',
    'FROM debian:12\nCOPY app.tar.gz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tar.gz',
  ],
  invalid: [
    { code: 'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt', errors: [{ message, line: 2, text: 'app.tar.gz' }] },
    { code: 'FROM debian:12\nCOPY build/app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz', errors: [{ line: 2, text: 'build/app.tgz' }] },
    { code: 'FROM debian:12\nCOPY data.xz /tmp/\nRUN xz -d /tmp/data.xz', errors: [{ text: 'data.xz' }] },
    { code: 'FROM debian:12\nCOPY src.tar.gz /tmp/pkg.tar.gz\nRUN gunzip /tmp/pkg.tar.gz', errors: [{ text: '/tmp/pkg.tar.gz' }] },
    { code: 'FROM debian:12\nCOPY build-output /tmp/out.tar\nRUN tar -xf /tmp/out.tar', errors: [{ line: 2, text: '/tmp/out.tar' }] },
    {
      code: 'FROM debian:12\nCOPY app.tar /tmp/\nWORKDIR /opt\nRUN apt-get update \\\n && tar --extract --file /tmp/app.tar',
      errors: [{ line: 2, text: 'app.tar' }],
    },
    { code: 'FROM debian:12\nCOPY app.tar /tmp/\nRUN <<EOF\ntar -xf /tmp/app.tar\nEOF\n', errors: [{ line: 2, text: 'app.tar' }] },
  ],
});
