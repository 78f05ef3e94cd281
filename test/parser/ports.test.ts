import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExposedPort } from '../../src/parser/ports.js';

describe('parseExposedPort: accepted items', () => {
  it.each([
    ['80', 80, 80, null],
    ['0', 0, 0, null],
    ['65535', 65535, 65535, null],
    ['+80', 80, 80, null],
    ['0080', 80, 80, null],
    ['80/tcp', 80, 80, 'tcp'],
    ['53/udp', 53, 53, 'udp'],
    ['9/sctp', 9, 9, 'sctp'],
    ['8000-8010', 8000, 8010, null],
    ['8000-8010/udp', 8000, 8010, 'udp'],
    ['80-80', 80, 80, null],
    // a bare trailing slash means the default protocol
    ['80/', 80, 80, null],
    // an empty host part is no host part at all
    [':80', 80, 80, null],
  ])('%s', (text, start, end, protocol) => {
    expect(parseExposedPort(text)).toEqual({
      start,
      end,
      protocol,
      hostIp: null,
      hostPort: text.startsWith(':') ? '' : null,
      literal: true,
      invalidFormat: false,
      protocolCasing: false,
      problems: [],
    });
  });
});

describe('parseExposedPort: lint flags', () => {
  it.each([
    ['80/TCP', 'TCP', true],
    ['80/Udp', 'Udp', true],
    ['8000-8001/SCTP', 'SCTP', true],
    ['80/tcp', 'tcp', false],
  ])('protocol casing of %s', (text, protocol, protocolCasing) => {
    const result = parseExposedPort(text);
    expect(result.protocol).toBe(protocol);
    expect(result.protocolCasing).toBe(protocolCasing);
    expect(result.problems).toEqual([]);
  });

  it.each([
    ['8080:80', null, '8080', 80, 80],
    ['8080-8090:80', null, '8080-8090', 80, 80],
    ['8080-8082:80-82', null, '8080-8082', 80, 82],
    ['127.0.0.1:8080:80', '127.0.0.1', '8080', 80, 80],
    ['0.0.0.0::80/udp', '0.0.0.0', '', 80, 80],
    ['[::1]:8080:80', '[::1]', '8080', 80, 80],
    ['::1:8080:80', '::1', '8080', 80, 80],
    ['[2001:db8::ffff:1.2.3.4]:1:2', '[2001:db8::ffff:1.2.3.4]', '1', 2, 2],
  ])('publish form %s', (text, hostIp, hostPort, start, end) => {
    expect(parseExposedPort(text)).toMatchObject({
      hostIp,
      hostPort,
      start,
      end,
      invalidFormat: true,
      problems: [],
    });
  });
});

describe('parseExposedPort: BuildKit errors', () => {
  it.each([
    ['/tcp', 'invalid port: "/tcp": no port specified', undefined, undefined],
    ['', 'invalid port: "": no port specified', undefined, undefined],
    ['80/http', 'invalid port: "80/http": invalid proto: http', 3, 7],
    ['80/tcp/udp', 'invalid port: "80/tcp/udp": invalid proto: tcp/udp', 3, 10],
    ['70000', 'invalid containerPort: 70000', 0, 5],
    ['-1', 'invalid containerPort: -1', 0, 2],
    ['http', 'invalid containerPort: http', 0, 4],
    ['80-', 'invalid containerPort: 80-', 0, 3],
    ['-80', 'invalid containerPort: -80', 0, 3],
    ['90-80', 'invalid containerPort: 90-80', 0, 5],
    ['1-2-3', 'invalid containerPort: 1-2-3', 0, 5],
    ['99999999999999999999', 'invalid containerPort: 99999999999999999999', 0, 20],
    ['x:80', 'invalid hostPort: x', 0, 1],
    ['8080:80-82', 'invalid ranges specified for container and host Ports: 80-82 and 8080', 0, 4],
    ['8080-8081:80-82', 'invalid ranges specified for container and host Ports: 80-82 and 8080-8081', 0, 9],
    ['01.2.3.4:80:80', 'invalid IP address: 01.2.3.4', 0, 8],
    ['256.1.1.1:80:80', 'invalid IP address: 256.1.1.1', 0, 9],
    ['host:80:80', 'invalid IP address: host', 0, 4],
    ['1::2::3:80:80', 'invalid IP address: 1::2::3', 0, 7],
    ['1:2:3:4:5:6:7::8:80:80', 'invalid IP address: 1:2:3:4:5:6:7::8', 0, 16],
    ['1.2.3.4:::80:80', 'invalid IP address: 1.2.3.4::', 0, 9],
    ['[::1:80:80', "invalid IP address [::1: address [::1:: missing ']' in address", 0, 4],
    ['[::1]x:80:80', 'invalid IP address [::1]x: address [::1]x:: missing port in address', 0, 6],
    ['[::1]:1:80:80', 'invalid IP address [::1]:1: address [::1]:1:: too many colons in address', 0, 7],
    ['[[::1]:80:80', "invalid IP address [[::1]: address [[::1]:: unexpected '[' in address", 0, 6],
    ['[fe80::1%eth0]:80:80', 'invalid IP address: fe80::1%eth0', 0, 14],
  ])('%j', (text, message, start, end) => {
    const problems = parseExposedPort(text).problems;
    expect(problems[0]).toEqual(start === undefined ? { message } : { message, start, end });
  });

  it('reports every broken part of a publish form', () => {
    expect(parseExposedPort('a:b:c:d:80').problems.map((problem) => problem.message)).toEqual([
      'invalid IP address: a:b:c',
      'invalid hostPort: d',
    ]);
  });

  it('keeps the protocol as written when it is invalid', () => {
    expect(parseExposedPort('80/HTTP')).toMatchObject({ protocol: 'HTTP', start: null, protocolCasing: false });
  });
});

describe('parseExposedPort: text only the shell lexer can read', () => {
  it.each(['$PORT', '${PORT}/tcp', '80-$END', '"80"', "'80'", '80\\/tcp', '80`/tcp'])('%s', (text) => {
    expect(parseExposedPort(text)).toEqual({
      start: null,
      end: null,
      protocol: null,
      hostIp: null,
      hostPort: null,
      literal: false,
      invalidFormat: false,
      protocolCasing: false,
      problems: [],
    });
  });
});

describe('parseExposedPort: robustness', () => {
  it('never throws, and reports ports only within range', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('0', '1', '8', '9', '-', '/', ':', '[', ']', '.', 't', 'c', 'p', 'U', '$'),
        maxLength: 30,
      }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const result = parseExposedPort(value);
        if (result.start !== null && result.end !== null) {
          expect(result.start).toBeGreaterThanOrEqual(0);
          expect(result.end).toBeLessThanOrEqual(65535);
          expect(result.start).toBeLessThanOrEqual(result.end);
        }
        for (const problem of result.problems) {
          if (problem.start === undefined) continue;
          expect(problem.start).toBeGreaterThanOrEqual(0);
          expect(problem.end).toBeGreaterThanOrEqual(problem.start);
          expect(problem.end).toBeLessThanOrEqual(value.length);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
