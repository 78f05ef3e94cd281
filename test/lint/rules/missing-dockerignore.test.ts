import type { LintSettings } from '../../../src/lint/index.js';
import { missingDockerignore } from '../../../src/lint/rules/missing-dockerignore.js';
import { testRule } from '../rule-tester.js';

/** The setting the CLI provides; it is not part of `LintSettings`, so it is added beside them. */
function dockerignore(state: 'present' | 'absent'): Partial<LintSettings> {
  const settings: Partial<LintSettings> & { readonly dockerignore: 'present' | 'absent' } = { dockerignore: state };
  return settings;
}

const absent = dockerignore('absent');

testRule(missingDockerignore, {
  valid: [
    'FROM node:20\nCOPY . .',
    { code: 'FROM node:20\nCOPY . .', settings: dockerignore('present') },
    { code: 'FROM node:20\nCOPY package.json src/ ./', settings: absent },
    { code: 'FROM node:20 AS build\nFROM nginx:1.25\nCOPY --from=build . /usr/share/nginx/html', settings: absent },
    { code: 'FROM node:20\nONBUILD COPY . /app', settings: absent },
    { code: 'FROM node:20\nCOPY ./src ./src', settings: absent },
  ],
  invalid: [
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm run build',
      settings: absent,
      errors: [
        {
          message:
            'COPY . on line 3 copies the whole build context, and the context has no .dockerignore: everything in it (including .git, node_modules and build output) is sent and hashed, so any change there invalidates this COPY and every step after it; add a .dockerignore',
          line: 3,
          text: '.',
        },
      ],
    },
    {
      code: 'FROM python:3.12\nADD --chown=app ./ /srv/',
      settings: absent,
      errors: [{ message: 'ADD ./ on line 2 copies the whole build context, and the context has no .dockerignore: everything in it (including .git, node_modules and build output) is sent and hashed, so any change there invalidates this ADD and every step after it; add a .dockerignore', text: './' }],
    },
    { code: 'FROM node:20\nCOPY * /app/', settings: absent, errors: [{ text: '*' }] },
    { code: 'FROM node:20\nCOPY ["package.json", ".", "/app/"]', settings: absent, errors: [{ line: 2, text: '"."' }] },
    { code: 'FROM node:20 AS a\nCOPY . /a\nFROM node:20\nCOPY . /b', settings: absent, errors: [{ line: 2 }, { line: 4 }] },
  ],
});
