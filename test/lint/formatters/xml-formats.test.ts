import { describe, expect, it } from 'vitest';
import { formatters } from '../../../src/lint/formatters/index.js';
import { xmlAttr, xmlText } from '../../../src/lint/formatters/shared.js';
import { RESULTS, assertWellFormedXml, untagged } from './fixtures.js';

describe('checkstyle', () => {
  it('writes one <file> per Dockerfile with escaped attributes; style becomes info', () => {
    expect(formatters.checkstyle(RESULTS)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="Dockerfile">',
        '    <error line="1" column="6" severity="warning" message="Always tag the version of an image explicitly" source="DL3006"/>',
        '    <error line="2" column="9" severity="error" message="Use absolute WORKDIR" source="DL3000"/>',
        '    <error line="3" column="1" severity="info" message="Quote &lt;this&gt; &amp; &quot;that&quot;, a:b&#10;100%" source="SC2086"/>',
        '    <error line="3" column="1" severity="info" message="Multiple consecutive RUN instructions" source="DL3059"/>',
        '  </file>',
        '  <file name="sub dir/Dockerfile.dev">',
        '    <error line="2" column="1" severity="error" message="unknown instruction: RUNN" source="DL1000"/>',
        '  </file>',
        '  <file name="clean/Dockerfile"/>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
    assertWellFormedXml(formatters.checkstyle(RESULTS));
  });

  it('writes the --file-path-in-report path for every file', () => {
    const out = formatters.checkstyle(RESULTS, { filePathInReport: 'repo/Dockerfile' });
    expect(out.match(/<file name="repo\/Dockerfile"/g)).toHaveLength(3);
    expect(out).not.toContain('name="Dockerfile"');
  });

  it('stays well-formed with names and messages full of markup and control characters', () => {
    const nasty = 'a<b>&c"d\'e\u0001f\u0000\ud800';
    const out = formatters.checkstyle([{ file: nasty, findings: [{ ...untagged, message: nasty, code: nasty }] }]);
    assertWellFormedXml(out);
    expect(out).not.toMatch(/[\u0000\u0001]/);
  });
});

describe('junit', () => {
  it('writes a testsuite per file, a failing testcase per finding, parse errors as <error>', () => {
    const out = formatters.junit(RESULTS);
    assertWellFormedXml(out);
    expect(out).toContain('<testsuites name="dfkit" tests="5" failures="4" errors="1">');
    expect(out).toContain('<testsuite name="Dockerfile" tests="4" failures="4" errors="0">');
    expect(out).toContain('<testsuite name="sub dir/Dockerfile.dev" tests="1" failures="0" errors="1">');
    expect(out).toContain('<testsuite name="clean/Dockerfile" tests="0" failures="0" errors="0"/>');
    expect(out).toContain(
      '<testcase id="dfkit.rule.DL3000" name="DL3000 at line 2" classname="Dockerfile" file="Dockerfile" line="2">\n' +
        '      <failure id="DL3000" type="error" message="Use absolute WORKDIR">' +
        'File: Dockerfile\nLine: 2\nCategory: dfkit - Dockerfile Static Analysis\nerror: Use absolute WORKDIR\n</failure>',
    );
    expect(out).toContain('<testcase id="dfkit.error" name="DL1000 at line 2"');
    expect(out).toContain('<error id="DL1000" type="error" message="unknown instruction: RUNN">File: sub dir/Dockerfile.dev\nLine: 2\nColumn: 1\n');
    expect(out).toContain('Quote &lt;this&gt; &amp; "that", a:b\n100%\n</failure>');
  });

  it('writes the --file-path-in-report path and nothing time-dependent', () => {
    const out = formatters.junit(RESULTS, { filePathInReport: 'repo/Dockerfile' });
    assertWellFormedXml(out);
    expect(out).not.toContain('name="Dockerfile"');
    expect(out).toContain('<testsuite name="repo/Dockerfile"');
    expect(formatters.junit(RESULTS)).toBe(formatters.junit(RESULTS));
    expect(out).not.toMatch(/time|timestamp/);
  });
});

describe('XML escaping', () => {
  it('escapes markup in text and quotes and white space in attributes', () => {
    expect(xmlText('<a href="x">&</a>')).toBe('&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    expect(xmlAttr(`"'\t\n\r&<`)).toBe('&quot;&apos;&#9;&#10;&#13;&amp;&lt;');
    expect(xmlText('ok\u0007\uFFFE😀')).toBe('ok\uFFFD\uFFFD😀');
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => assertWellFormedXml('<a><b></a></b>')).toThrow();
    expect(() => assertWellFormedXml('<a x="1 & 2"/>')).toThrow();
    expect(() => assertWellFormedXml('<a>1 < 2</a>')).toThrow();
    expect(() => assertWellFormedXml('<a/><b/>')).toThrow();
    expect(() => assertWellFormedXml('<a>')).toThrow();
  });
});
