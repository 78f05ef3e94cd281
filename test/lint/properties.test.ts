/**
 * Properties of the linter on any input: it never throws or reports a rule failure, every finding's range lies
 * inside the text, fixes never make a readable file unreadable, and fixing reaches a fixed point (fixing the
 * fixed text again changes nothing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes, lint, PARSE_ERROR_CODE } from '../../src/lint/index.js';
import { corpus, mutatedDockerfile } from '../mutated-corpus.js';

const PIECES = [
  'FROM node:20 AS build\n', 'FROM alpine\n', 'RUN apt-get update\n', 'RUN apt-get install curl\n', 'COPY . .\n',
  'RUN npm ci\n', 'ENV A b\n', 'ENV PASSWORD=x\n', 'LABEL Foo=bar\n', 'EXPOSE 80/TCP\n', 'WORKDIR app\n',
  'CMD npm start\n', 'MAINTAINER me\n', 'from x as Y\n', 'USER root\n', 'ARG BUILD_DATE\n', 'RUN <<EOF\nls\nEOF\n',
  'RUN pip install flask\n', 'ONBUILD RUN cd /x\n', 'HEALTHCHECK CMD true\n', 'COPY --from=build /a /b\n', '\\\n',
  '# hadolint ignore=DL3008\n', '# check=skip=all\n', '\n', 'RUN a \\\n\n b\n', 'ADD x.tar.gz /\n', 'run echo\n',
  'RUN wget http://x/y\n', 'RUN useradd -u 1000000 a\n', 'COPY a b /dst\n', 'ADD src /app\n', 'add a b c\n',
  'FROM --platform=$TARGETPLATFORM debian\n', 'RUN apt update && apt install -y x\n', 'RUN yarn install\n',
  'RUN dnf install -y a && microdnf install -y b\n', 'RUN yum install -y a # c\n', 'RUN zypper in -y a;\n',
  'FROM debian:12\n', 'RUN curl -s x | tar -x\n', 'RUN cd /x\n',
];

const dockerfiles = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((parts) => parts.join(''));

function checkFile(text: string): void {
  const result = lint(text);
  for (const finding of result.findings) {
    expect(finding.message).not.toMatch(/^rule .* failed:/);
    expect(finding.range.start.offset).toBeGreaterThanOrEqual(0);
    expect(finding.range.end.offset).toBeLessThanOrEqual(text.length);
  }
  if (result.findings.some((f) => f.code === PARSE_ERROR_CODE)) return;
  let current = text;
  for (let pass = 0; pass < 12; pass++) {
    const next = applyFixes(current, lint(current).findings, ['safe', 'unsafe']).text;
    if (next === current) return;
    expect(lint(next).findings.filter((f) => f.code === PARSE_ERROR_CODE), `fix broke:\n${next}`).toEqual([]);
    current = next;
  }
  throw new Error(`fixes did not settle:\n${current}`);
}

describe('linter properties', () => {
  it('holds for generated Dockerfiles', () => {
    fc.assert(fc.property(dockerfiles, checkFile), { numRuns: 300 });
  });

  it('holds for arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), checkFile), { numRuns: 200 });
  });

  it('holds for mutated examples and BuildKit vectors', () => {
    fc.assert(fc.property(mutatedDockerfile(corpus()), checkFile), { numRuns: 300 });
  });

  it('holds for every example and BuildKit vector', () => {
    const files = corpus();
    expect(files.length).toBeGreaterThan(40);
    for (const text of files) checkFile(text);
  });
});
