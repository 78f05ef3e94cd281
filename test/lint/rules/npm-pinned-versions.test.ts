import { npmPinnedVersions } from '../../../src/lint/rules/npm-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`';

testRule(npmPinnedVersions, {
  valid: [
    'FROM node:20\nRUN npm install',
    'FROM node:20\nRUN npm install --production',
    'FROM node:20\nRUN npm ci',
    'FROM node:20\nRUN npm install express@4.19.2',
    'FROM node:20\nRUN npm install express@latest',
    'FROM node:20\nRUN npm install @angular/cli@17.3.0',
    'FROM node:20\nRUN npm install -g typescript@5.4.5 sax@1.4.1',
    'FROM node:20\nRUN npm install git://github.com/npm/cli.git#v1.0.27',
    'FROM node:20\nRUN npm install git+https://github.com/npm/cli.git#semver:^5.0',
    'FROM node:20\nRUN npm install ./local-package',
    'FROM node:20\nRUN npm install ../pkg /abs/pkg ~/pkg',
    'FROM node:20\nRUN npm install package.tgz other.tar.gz',
    'FROM node:20\nRUN npm run build',
  ],
  invalid: [
    { code: 'FROM node:20\nRUN npm install express', errors: [{ message, line: 2, text: 'express' }] },
    { code: 'FROM node:20\nRUN npm install -g express@4.19.2 sax', errors: [{ text: 'sax' }] },
    { code: 'FROM node:20\nRUN npm install @angular/cli', errors: [{ text: '@angular/cli' }] },
    { code: 'FROM node:20\nRUN npm install git+ssh://git@github.com:npm/cli.git', errors: [{ text: 'git+ssh://git@github.com:npm/cli.git' }] },
    { code: 'FROM node:20\nRUN npm install --global \\\n    typescript', errors: [{ line: 3, text: 'typescript' }] },
    { code: 'FROM node:20\nRUN <<EOF\nnpm install express\nEOF\n', errors: [{ line: 3, text: 'express' }] },
    { code: 'FROM node:20\nONBUILD RUN npm install express', errors: [{ line: 2, text: 'express' }] },
  ],
});
