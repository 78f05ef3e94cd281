import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/index.js';
import { aptGetNoInstallRecommends } from '../../../src/lint/rules/apt-get-no-install-recommends.js';
import { testRule } from '../rule-tester.js';

const message = 'Avoid additional packages by specifying `--no-install-recommends`';

testRule(aptGetNoInstallRecommends, {
  valid: [
    'FROM debian:12\nRUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi',
    'FROM debian:12\nRUN apt-get install -y --dry-run curl',
    'FROM debian:12\nRUN apt-get -sy install curl',
    'FROM debian:12\nRUN apt-get install --no-install-recommends python',
    'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends python',
    'FROM debian:12\nRUN apt-get -o APT::Install-Recommends=false install python',
    'FROM debian:12\nRUN apt-get --option=APT::Install-Recommends=0 install python',
    'FROM debian:12\nRUN apt-get update && apt-get upgrade -y',
    'FROM debian:12\nRUN ["apt-get", "install", "--no-install-recommends", "python"]',
    'FROM debian:12\nRUN <<EOF\napt-get install -y --no-install-recommends python\nEOF',
  ],
  invalid: [
    {
      code: 'FROM debian:12\nRUN apt-get install python',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get -y install python',
      errors: [{ message, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get -y install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nONBUILD RUN apt-get install python',
      errors: [{ message, line: 2 }],
      output: 'FROM debian:12\nONBUILD RUN apt-get install --no-install-recommends python',
    },
    {
      code: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n    curl',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM debian:12\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y \\\n    curl',
    },
    {
      code: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF',
      errors: [{ line: 4, text: 'install' }],
      output: 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y curl\nEOF',
    },
    {
      code: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
      errors: [{ text: '"install"' }],
      output: 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]',
    },
  ],
});

describe('apt-get-no-install-recommends fix safety', () => {
  const safetyOf = (packages: string): string | undefined =>
    lint(`FROM debian:12\nRUN apt-get install -y ${packages}`, { rules: [aptGetNoInstallRecommends] }).findings[0]?.fix?.safety;

  it('is safe for most lists', () => {
    expect(safetyOf('jq tzdata')).toBe('safe');
    expect(safetyOf('curl ca-certificates')).toBe('safe');
    expect(safetyOf('ca-certificates=20230311 git=1:2.39.2-1.1 wget')).toBe('safe');
    expect(safetyOf('curly')).toBe('safe');
  });

  it('is unsafe where the recommendations are what the packages need', () => {
    // Their TLS libraries only recommend the certificate store: https fails without it.
    expect(safetyOf('curl')).toBe('unsafe');
    expect(safetyOf('git=1:2.39.2-1.1 jq')).toBe('unsafe');
    expect(safetyOf('wget:amd64')).toBe('unsafe');
    expect(safetyOf('-t bookworm-backports curl/bookworm-backports')).toBe('unsafe');
    // pip builds packages with the compilers it recommends.
    expect(safetyOf('python3-pip ca-certificates')).toBe('unsafe');
  });

  it('is unsafe where the packages are not written out', () => {
    expect(safetyOf('$PKGS')).toBe('unsafe');
    expect(safetyOf('jq "${EXTRA}"')).toBe('unsafe');
    expect(safetyOf('$(cat /tmp/packages)')).toBe('unsafe');
    expect(safetyOf("'^curl$'")).toBe('unsafe');
    expect(safetyOf('cur[l]')).toBe('unsafe');
  });
});
