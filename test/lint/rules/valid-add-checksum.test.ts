import { validAddChecksum } from '../../../src/lint/rules/valid-add-checksum.js';
import { testRule } from '../rule-tester.js';

const SUM = 'sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0e1a12d0b5c';

testRule(validAddChecksum, {
  valid: [
    `FROM alpine:3.20\nADD --checksum=${SUM} https://example.com/tool.tar.gz /opt/`,
    `FROM alpine:3.20\nADD --checksum=${SUM} http://example.com/tool.tar.gz /opt/`,
    'FROM alpine:3.20\nADD --checksum=782cad3d9dbc8ab4b5d2c1bc86a85d1a1cd3e8b8 git@github.com:moby/buildkit.git /src',
    `FROM alpine:3.20\nADD --checksum=${SUM} $URL /opt/`,
    'FROM alpine:3.20\nADD tool.tar.gz /opt/',
  ],
  invalid: [
    {
      code: `FROM alpine:3.20\nADD --checksum=${SUM} tool.tar.gz /opt/`,
      errors: [{ line: 2, text: `--checksum=${SUM}`, message: 'ADD --checksum requires a URL or git source, not a file of the build context: the build fails' }],
    },
    {
      code: `FROM alpine:3.20\nADD --checksum=${SUM} https://example.com/a https://example.com/b /opt/`,
      errors: [{ line: 2, message: "ADD --checksum can't be used with several sources: the build fails" }],
    },
  ],
});
