import { describe, expect, it } from 'vitest';
import { volatileBuildArg } from '../../../src/lint/rules/volatile-build-arg.js';
import { fixedBy, fixPasses } from '../fix-passes.js';
import { testRule } from '../rule-tester.js';

describe('volatile-build-arg fixes, pass after pass', () => {
  it('turn the documented example into the documented alternative', () => {
    // The LABEL moves first (its ARG is used by it before any RUN, so not flagged yet); then the ARG follows it.
    const example = volatileBuildArg.meta.docs.example;
    const passes = fixPasses(example, { options: { rules: [volatileBuildArg] }, allow: ['safe', 'unsafe'], limit: 5 });
    expect(passes.map((pass) => pass.applied.length)).toEqual([1, 1]);
    expect(fixedBy(example, passes)).toBe(volatileBuildArg.meta.docs.useInstead);
  });
});

testRule(volatileBuildArg, {
  valid: [
    'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA',
    'FROM node:20\nARG NODE_ENV=production\nRUN npm ci',
    'ARG BUILD_DATE\nFROM node:20\nRUN npm ci',
    'FROM node:20\nARG GIT_SHA\nRUN echo "$GIT_SHA" > /version\nRUN npm ci',
    'FROM node:20\nARG BUILD_NUMBER\nRUN echo hello\nCOPY config.json /etc/app.json',
    // Text that only looks like a build: the echo prints it.
    "FROM node:20\nARG GIT_SHA\nRUN echo 'next; make all'",
    'FROM node:20\nARG BUILD_DATE\nCOPY . .',
    'FROM node:20\nLABEL org.opencontainers.image.created="2024-05-01T00:00:00Z"\nRUN npm ci',
    'FROM node:20\nLABEL maintainer=team@example.com\nRUN npm ci',
    'FROM node:20\nARG SOURCE_DATE_EPOCH\nRUN npm ci',
    'FROM node:20\nRUN npm ci\nARG VCS_REF\nLABEL org.label-schema.vcs-ref=$VCS_REF',
    'FROM node:20\nARG BUILD_DATE=$(date +%s)\nRUN echo "$BUILD_DATE"\nRUN npm ci',
  ],
  invalid: [
    {
      code: 'FROM node:20\nARG GIT_SHA\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nLABEL org.opencontainers.image.revision=$GIT_SHA',
      errors: [
        {
          message:
            "ARG GIT_SHA changes on every build, and its value is part of the cache key of every later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; the classic builder records it in the RUN's command): the RUN on line 4 (npm ci) and every step after it rebuild on every build; declare it just before line 7, where it is first used",
          line: 2,
          text: 'GIT_SHA',
        },
      ],
      // Unsafe: the ARG moves to just above its first use.
      output: 'FROM node:20\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nARG GIT_SHA\nLABEL org.opencontainers.image.revision=$GIT_SHA',
    },
    {
      code: 'FROM debian:12\nARG BUILD_DATE\nRUN mkdir -p /srv\nRUN apt-get update && apt-get install -y curl',
      errors: [
        {
          message:
            "ARG BUILD_DATE changes on every build, and its value is part of the cache key of every later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; the classic builder records it in the RUN's command): every step from the RUN on line 3 on rebuilds on every build, including the RUN on line 4 (apt-get install); declare it just before the step that needs it, or at the end of the final stage",
          text: 'BUILD_DATE',
        },
      ],
      // Used by no instruction: to the end of the stage.
      output: 'FROM debian:12\nRUN mkdir -p /srv\nRUN apt-get update && apt-get install -y curl\nARG BUILD_DATE',
    },
    // A file that ends inside the last instruction's continuation: a line put after it would be read as part of
    // it, so there is nowhere below to move to.
    ...['RUN apt-get install -y curl \\\n', 'RUN apt-get install -y curl \\\n \n', 'RUN apt-get install -y curl \\\n# note'].map((last) => ({
      code: `FROM debian:12\nARG BUILD_DATE\nRUN mkdir -p /srv\n${last}`,
      errors: [{ text: 'BUILD_DATE' }],
      output: `FROM debian:12\nARG BUILD_DATE\nRUN mkdir -p /srv\n${last}`,
    })),
    {
      code: 'FROM golang:1.22\nARG STAMP="$(date +%s)"\nRUN go build -o /app .',
      errors: [
        {
          message:
            "ARG STAMP changes on every build (its default \"$(date +%s)\" is not run by the builder, so the real value presumably comes from --build-arg), and its value is part of the cache key of every later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; the classic builder records it in the RUN's command): the RUN on line 3 (go build) and every step after it rebuild on every build; declare it just before the step that needs it, or at the end of the final stage",
        },
      ],
    },
    {
      // The build a wrapper runs counts: `timeout` runs make.
      code: 'FROM debian:12\nARG GIT_SHA\nRUN timeout 600 make -j4',
      errors: [
        {
          message:
            "ARG GIT_SHA changes on every build, and its value is part of the cache key of every later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; the classic builder records it in the RUN's command): the RUN on line 3 (make) and every step after it rebuild on every build; declare it just before the step that needs it, or at the end of the final stage",
          line: 2,
          text: 'GIT_SHA',
        },
      ],
    },
    {
      code: 'FROM node:20\nARG CI_PIPELINE_ID COMMIT_SHA=dev\nRUN npm ci',
      errors: [{ line: 2, text: 'CI_PIPELINE_ID' }, { line: 2, text: 'COMMIT_SHA' }],
      // No fix for an ARG that declares other names too.
      output: 'FROM node:20\nARG CI_PIPELINE_ID COMMIT_SHA=dev\nRUN npm ci',
    },
    {
      code: 'FROM node:20\nARG BUILD_DATE\nLABEL org.opencontainers.image.created=$BUILD_DATE\nCOPY . /app\nRUN make',
      errors: [
        {
          message:
            'LABEL org.opencontainers.image.created changes on every build (it takes its value from ARG BUILD_DATE): BuildKit keeps labels out of cache keys, but the classic builder (and Buildah) commit each LABEL as a step and compare labels, so there every step after it rebuilds on every build, including the COPY on line 4; move it to the end of the final stage',
          line: 3,
          text: 'org.opencontainers.image.created',
        },
      ],
    },
    {
      code: 'FROM node:20\nARG VERSION\nLABEL "org.opencontainers.image.revision"="${VERSION}"\nRUN npm ci',
      errors: [{ line: 3, text: '"org.opencontainers.image.revision"' }],
      // Safe: the LABEL moves below the stage's last instruction.
      output: 'FROM node:20\nARG VERSION\nRUN npm ci\nLABEL "org.opencontainers.image.revision"="${VERSION}"',
    },
    {
      code: 'FROM node:20\nARG GIT_COMMIT\nENV GIT_COMMIT=$GIT_COMMIT\nRUN npm ci\nCMD ["node", "-e", "console.log(process.env.GIT_COMMIT)"]',
      errors: [
        {
          message:
            "ARG GIT_COMMIT changes on every build, and its value is part of the cache key of every later RUN in the stage, used or not (BuildKit adds each ARG in scope to the RUN's environment; the classic builder records it in the RUN's command): the RUN on line 4 (npm ci) and every step after it rebuild on every build; declare it just before the step that needs it, or at the end of the final stage, and move the ENV on line 3 that copies it along",
        },
      ],
      // No fix while an ENV copies it.
      output: 'FROM node:20\nARG GIT_COMMIT\nENV GIT_COMMIT=$GIT_COMMIT\nRUN npm ci\nCMD ["node", "-e", "console.log(process.env.GIT_COMMIT)"]',
    },
    {
      code: 'FROM python:3.12\nARG GITHUB_SHA\nWORKDIR /app\nRUN true\nCOPY src/ ./src/\nRUN echo $GITHUB_SHA > /app/REVISION',
      errors: [{ line: 2, text: 'GITHUB_SHA' }],
      output: 'FROM python:3.12\nWORKDIR /app\nRUN true\nCOPY src/ ./src/\nARG GITHUB_SHA\nRUN echo $GITHUB_SHA > /app/REVISION',
    },
    // The ARG's comments go with it, above the use's comments; CRLF kept; the end of a file without a last line break.
    {
      code: 'FROM node:20\r\n# the commit\r\nARG GIT_SHA\r\nRUN npm ci\r\n# stamp\r\nRUN echo $GIT_SHA > /v',
      errors: [{ line: 3 }],
      output: 'FROM node:20\r\nRUN npm ci\r\n# the commit\r\nARG GIT_SHA\r\n# stamp\r\nRUN echo $GIT_SHA > /v',
    },
    {
      code: 'FROM node:20\nLABEL build.number=$BUILD_NUMBER\nRUN npm ci\nCMD ["x"]\n\nFROM node:20 AS next\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nRUN npm ci\nCMD ["x"]\nLABEL build.number=$BUILD_NUMBER\n\nFROM node:20 AS next\n',
    },
    // No fix: the name is declared or set again on the way; a later LABEL sets one of the keys again, or a
    // later ENV or ARG defines a variable the label reads.
    ...[
      'FROM node:20\nARG GIT_SHA\nRUN npm ci\nARG GIT_SHA=dev\nRUN echo $GIT_SHA',
      'FROM node:20\nLABEL build.date=$BUILD_DATE\nRUN npm ci\nLABEL build.date=unknown',
      'FROM node:20\nLABEL build.date=$BUILD_DATE\nRUN npm ci\nARG BUILD_DATE',
      'FROM node:20\nLABEL build.date=$BUILD_DATE\nRUN npm ci\nENV BUILD_DATE=now',
      'FROM node:20\nLABEL build.date=$BUILD_DATE \\\n  a=b\nRUN npm ci\nLABEL a=c',
    ].map((code) => ({ code, errors: [{}], output: code })),
  ],
});
