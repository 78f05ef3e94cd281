import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type MountFields,
  parseDevice,
  parseMount,
  validateNetwork,
  validateSecurity,
} from '../../src/parser/run-options.js';
import { levenshtein, suggest, withSuggestion } from '../../src/parser/suggest.js';

interface DeviceVector {
  readonly input: string;
  readonly expected?: { readonly name: string; readonly required: boolean };
  readonly expectedError?: string;
}

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const instructions = JSON.parse(
  readFileSync(resolve(projectRoot, '../shared/conformance/buildkit/extracted/instructions.json'), 'utf8'),
) as { runDevice: DeviceVector[] };

const messages = (value: string, workdir?: string): string[] =>
  parseMount(value, workdir === undefined ? {} : { workdir }).problems.map((problem) => problem.message);

const EMPTY_MOUNT: MountFields = {
  type: 'bind',
  options: [],
  target: null,
  source: null,
  from: null,
  id: null,
  readonly: true,
  sharing: null,
  mode: null,
  uid: null,
  gid: null,
  size: null,
  env: null,
  required: null,
};

describe('parseMount: fields and defaults', () => {
  it.each<[string, Partial<MountFields>]>([
    ['target=/src', { type: 'bind', target: '/src', readonly: true }],
    ['type=bind,source=.,target=/src,rw', { type: 'bind', source: '.', target: '/src', readonly: false }],
    ['type=bind,target=/src,readwrite=true', { readonly: false }],
    ['type=bind,target=/src,rw=false', { readonly: true }],
    ['type=cache,target=/root/.cache', { type: 'cache', target: '/root/.cache', readonly: false }],
    ['type=cache,target=/x,ro', { type: 'cache', readonly: true }],
    ['type=cache,target=/x,readonly=1', { readonly: true }],
    ['type=cache,target=/x,ro=F', { readonly: false }],
    ['type=tmpfs,target=/t', { type: 'tmpfs', readonly: false }],
    ['type=tmpfs,target=/t,size=64m', { type: 'tmpfs', size: '64m' }],
    ['type=secret,id=npmrc', { type: 'secret', id: 'npmrc', readonly: true }],
    ['type=secret,id=npmrc,rw', { readonly: false }],
    ['type=secret,target=/run/secrets/x', { target: '/run/secrets/x' }],
    ['type=secret,src=./token', { source: './token' }],
    ['type=secret,id=aws,env=AWS_KEY', { env: 'AWS_KEY' }],
    ['type=secret,id=x,required', { required: true }],
    ['type=secret,id=x,required=TRUE', { required: true }],
    ['type=ssh', { type: 'ssh', readonly: true }],
    ['type=ssh,id=github,required=false', { id: 'github', required: false }],
    ['type=ssh,target=/agent.sock,mode=0600,uid=1000,gid=1000', { mode: '0600', uid: '1000', gid: '1000' }],
    ['type=cache,target=/x,sharing=locked', { sharing: 'locked' }],
    ['type=cache,target=/x,sharing=PRIVATE', { sharing: 'private' }],
    ['type=cache,target=/x,id=go-build,mode=0777,uid=0,gid=4294967295', { id: 'go-build', gid: '4294967295' }],
    ['from=builder,source=/out,target=/in', { from: 'builder', source: '/out', target: '/in' }],
    ['src=a,dst=/b', { source: 'a', target: '/b' }],
    ['destination=/c', { target: '/c' }],
    ['TYPE=CACHE,Target=/x', { type: 'cache', target: '/x' }],
    ['type=Tmpfs,target=/t', { type: 'tmpfs' }],
    // the last occurrence wins
    ['target=/a,target=/b', { target: '/b' }],
    ['type=cache,type=bind,target=/b', { type: 'bind', readonly: true }],
    // one CSV record: quotes protect commas, "" is a quote, one trailing line break is dropped
    ['"target=/a,b",type=bind', { target: '/a,b' }],
    ['"target=/a""b"', { target: '/a"b' }],
    ['target=/a\n', { target: '/a' }],
    ['target=/a\r\n', { target: '/a' }],
    // a `$` at the very end of `from` is literal
    ['from=stage$,target=/x', { from: 'stage$' }],
    ['from=$,target=/x', { from: '$' }],
    ['from=,target=/x', { from: '' }],
  ])('%j', (value, expected) => {
    const { mount, problems } = parseMount(value);
    expect(problems).toEqual([]);
    expect(mount).toMatchObject(expected);
  });

  it('records every option lower-cased, in order, with bare keys as null', () => {
    expect(parseMount('type=cache,ro,Target=/x,ID=A=B').mount).toEqual({
      ...EMPTY_MOUNT,
      type: 'cache',
      options: [
        { key: 'type', value: 'cache' },
        { key: 'ro', value: null },
        { key: 'target', value: '/x' },
        { key: 'id', value: 'A=B' },
      ],
      target: '/x',
      id: 'A=B',
      readonly: true,
    });
  });
});

describe('parseMount: tmpfs sizes', () => {
  const accepted = ['0', '100', '64m', '64M', '1g', '2t', '1p', '1.5GiB', '512 kb', '10b', '10B', '1e3', '1.'];
  it.each([...accepted, '.5k', '1 ', '1_000', '0x1p4', '-0'])('accepts size=%j', (size) => {
    expect(messages(`type=tmpfs,target=/t,size=${size}`)).toEqual([]);
  });

  const refused = ['', 'lots', 'm', '-1', '1x', '1kbb', '1kib ', '1  k', '1bb', '1e', '0x10', '1e400'];
  it.each([...refused, '1__0', '_1', '1.2.3', '+-1'])('refuses size=%j', (size) => {
    expect(messages(`type=tmpfs,target=/t,size=${size}`)).toEqual([`invalid value for size: ${size}`]);
  });
});

describe('parseMount: problems', () => {
  it.each([
    // CSV
    ['', ['failed to parse csv mounts: EOF']],
    ['\n', ['failed to parse csv mounts: EOF']],
    ['a"b', ['failed to parse csv mounts: parse error on line 1, column 2: bare " in non-quoted-field']],
    ['"abc', ['failed to parse csv mounts: parse error on line 1, column 2: extraneous or missing " in quoted-field']],
    ['"', ['failed to parse csv mounts: parse error on line 1, column 2: extraneous or missing " in quoted-field']],
    ['"a"b', ['failed to parse csv mounts: parse error on line 1, column 3: extraneous or missing " in quoted-field']],
    ['target="/a"', ['failed to parse csv mounts: parse error on line 1, column 8: bare " in non-quoted-field']],
    ['target=/é"', ['failed to parse csv mounts: parse error on line 1, column 11: bare " in non-quoted-field']],
    // type
    ['type=volume', ['unsupported mount type "volume"']],
    ['type=cahce', ['unsupported mount type "cahce" (did you mean cache?)']],
    ['type=Bnd', ['unsupported mount type "Bnd" (did you mean bind?)']],
    ['type=SECRT', ['unsupported mount type "SECRT"']],
    ['type=', ['unsupported mount type ""']],
    // bare fields
    ['target=/x,cache', ["invalid field 'cache' must be a key=value pair"]],
    ['target=/x,', ["invalid field '' must be a key=value pair"]],
    ['from,target=/x', ["invalid field 'from' must be a key=value pair"]],
    // unknown keys
    ['targte=/x', ["unexpected key 'targte' in 'targte=/x' (did you mean target?)"]],
    ['Targte=/x', ["unexpected key 'targte' in 'Targte=/x' (did you mean target?)"]],
    ['target=/x,xyzzy=1', ["unexpected key 'xyzzy' in 'xyzzy=1'"]],
    ['target=/x,rx=1', ["unexpected key 'rx' in 'rx=1' (did you mean ro?)"]],
    // booleans
    ['target=/x,ro=maybe', ['invalid value for ro: maybe']],
    ['target=/x,readwrite=yes', ['invalid value for readwrite: yes']],
    ['type=secret,id=a,required=maybe', ['invalid value for required: maybe']],
    // keys that belong to other types (judged against the type in effect when the key is read)
    ['target=/x,required', ["unexpected key 'required' for mount type 'bind'"]],
    ['type=cache,target=/x,required=true', ["unexpected key 'required' for mount type 'cache'"]],
    ['required,type=secret,id=a', ["unexpected key 'required' for mount type 'bind'"]],
    ['type=cache,target=/x,size=1g', ["unexpected key 'size' for mount type 'cache'"]],
    ['size=1g,type=tmpfs,target=/t', ["unexpected key 'size' for mount type 'bind'"]],
    // sharing
    ['type=cache,target=/x,sharing=shard', ['unsupported sharing value "shard" (did you mean shared?)']],
    ['type=cache,target=/x,sharing=nope', ['unsupported sharing value "nope"']],
    ['target=/x,sharing=shared', ['invalid cache sharing set for bind mount']],
    ['type=tmpfs,target=/t,sharing=locked', ['invalid cache sharing set for tmpfs mount']],
    ['type=ssh,sharing=locked', ['invalid cache sharing set for ssh mount']],
    // mode, uid, gid
    ['type=cache,target=/x,mode=0789', ['invalid value 0789 for mode']],
    ['type=cache,target=/x,mode=+755', ['invalid value +755 for mode']],
    ['type=cache,target=/x,uid=-1', ['invalid value -1 for uid']],
    ['type=cache,target=/x,uid=4294967296', ['invalid value 4294967296 for uid']],
    ['type=cache,target=/x,gid=abc', ['invalid value abc for gid']],
    ['type=cache,target=/x,mode=', ['invalid value  for mode']],
    ['target=/x,mode=0755', ['mode not allowed for "bind" type mounts']],
    [
      'type=tmpfs,target=/t,gid=0,uid=0',
      ['uid not allowed for "tmpfs" type mounts', 'gid not allowed for "tmpfs" type mounts'],
    ],
    // secrets
    ['type=secret,id=a,from=stage', ['secret mount should not have a from']],
    ['type=secret,id=a,sharing=locked', ['secret mount should not define sharing']],
    ['type=secret', ['invalid secret mount. one of source, target required']],
    ['type=secret,env=TOKEN', ['invalid secret mount. one of source, target required']],
    ['type=secret,id=a,source=b', ["both source and id can't be set"]],
    // checks BuildKit makes when it converts the step
    ['type=ssh,source=key', ['ssh does not support source']],
    ['target=/', ['invalid mount target "/"']],
    ['type=cache,dst=/', ['invalid mount target "/"']],
    // from
    ['from=$STAGE,target=/x', ["'from' doesn't support variable expansion, define alias stage instead"]],
    ['from=${STAGE},target=/x', ["'from' doesn't support variable expansion, define alias stage instead"]],
    ['from=a$b,target=/x', ["'from' doesn't support variable expansion, define alias stage instead"]],
  ])('%j', (value, expected) => {
    expect(messages(value)).toEqual(expected);
  });

  it('reports a `from` expansion problem first, as BuildKit checks it before anything else', () => {
    expect(messages('bogus,from=$X,target=/x')).toEqual([
      "'from' doesn't support variable expansion, define alias stage instead",
      "invalid field 'bogus' must be a key=value pair",
    ]);
  });

  it('lists several independent problems in the order BuildKit meets them', () => {
    expect(messages('type=secret,from=x,sharing=locked,id=a,src=b')).toEqual([
      'secret mount should not have a from',
      'secret mount should not define sharing',
      "both source and id can't be set",
    ]);
  });

  it('returns the mount even when it has problems', () => {
    const { mount, problems } = parseMount('type=cache,target=/x,sharing=nope');
    expect(problems).toHaveLength(1);
    expect(mount).toMatchObject({ type: 'cache', target: '/x', sharing: null, readonly: false });
  });

  it('keeps the previous type and skips type-dependent checks after an invalid type', () => {
    const { mount, problems } = parseMount('type=secrt,required,size=1,mode=0700');
    expect(problems.map((problem) => problem.message)).toEqual([
      'unsupported mount type "secrt" (did you mean secret?)',
    ]);
    expect(mount?.type).toBe('bind');
  });
});

describe('parseMount: offsets', () => {
  it.each([
    ['type=cahce', 5, 10],
    ['target=/x,cache', 10, 15],
    ['target=/x,targte=/y', 10, 16],
    ['"targte=/y"', 0, 11],
    ['target=/x,ro=maybe', 13, 18],
    ['target=/x,mode=0755', 10, 19],
    ['from=$X,target=/x', 5, 7],
    ['a"b', 1, 2],
    // an unterminated quoted field is blamed on its opening quote
    ['"abc', 0, 1],
    ['target=/x,"', 10, 11],
  ])('%j', (value, start, end) => {
    expect(parseMount(value).problems[0]).toMatchObject({ start, end });
  });

  it('leaves offsets out when the mount as a whole is at fault', () => {
    expect(parseMount('type=secret').problems[0]).toEqual({
      message: 'invalid secret mount. one of source, target required',
    });
  });
});

describe('parseMount: the target against the working directory', () => {
  it.each([
    ['type=cache', '/', ['invalid mount target "/"']],
    ['type=cache', '/app', []],
    ['type=cache,target=..', '/app', ['invalid mount target "/"']],
    ['type=cache,target=./', '/', ['invalid mount target "/"']],
    ['type=cache,target=cache', '/', []],
    ['type=bind', undefined, []],
    ['type=cache,target=//', '/', []],
    ['type=cache', '$DIR', []],
    ['type=secret,id=a', '/', []],
    ['type=ssh,target=/', '/', []],
  ])('%j in %j', (value, workdir, expected) => {
    expect(messages(value, workdir)).toEqual(expected);
  });
});

describe('parseMount: values expanded later are not judged', () => {
  it.each([
    'type=cache,target=$DIR,mode=$M,uid=${U},gid=$G,sharing=$S',
    'type=tmpfs,target=/t,size=$SIZE',
    'target=/x,ro=$RO',
    'type=secret,id=a,required=$REQ',
    'type=$T,required,size=1,mode=0700',
    'target=$T',
  ])('%j', (value) => {
    expect(messages(value, '/')).toEqual([]);
  });

  it('still judges keys against a literal type', () => {
    expect(messages('type=cache,target=/x,size=$S')).toEqual(["unexpected key 'size' for mount type 'cache'"]);
    expect(messages('target=/x,sharing=$S')).toEqual(['invalid cache sharing set for bind mount']);
    expect(messages('target=/x,uid=$U')).toEqual(['uid not allowed for "bind" type mounts']);
  });
});

describe('parseDevice', () => {
  it.each(instructions.runDevice)('BuildKit vector $input', (vector) => {
    const { device, problems } = parseDevice(vector.input);
    if (vector.expectedError !== undefined) {
      expect(problems.map((problem) => problem.message)).toContain(vector.expectedError);
    } else {
      expect(problems).toEqual([]);
      expect(device).toEqual(vector.expected);
    }
  });

  it.each([
    ['vendor.com/gpu=all', { name: 'vendor.com/gpu=all', required: false }, []],
    ['REQUIRED,vendor.com/gpu', { name: 'vendor.com/gpu', required: true }, []],
    [',foo', { name: 'foo', required: false }, []],
    ['name=,x', { name: 'x', required: false }, []],
    ['"a,b"', { name: 'a,b', required: false }, []],
    ['a,b', { name: 'a', required: false }, ["invalid field 'b' must be a key=value pair"]],
    ['a,name=b', { name: 'a', required: false }, ['device name already set to a']],
    ['name=a,name=b', { name: 'a', required: false }, ['device name already set to a']],
    ['a,required=maybe', { name: 'a', required: false }, ['invalid value for required: maybe']],
    ['a,nme=b', { name: 'a', required: false }, ["unexpected key 'nme' in 'nme=b' (did you mean name?)"]],
    ['a,x=1', { name: 'a', required: false }, ["unexpected key 'x' in 'x=1'"]],
  ])('%j', (value, device, expected) => {
    const parsed = parseDevice(value);
    expect(parsed.device).toEqual(device);
    expect(parsed.problems.map((problem) => problem.message)).toEqual(expected);
  });

  it.each([
    ['', 'failed to parse csv devices: EOF'],
    ['a"b', 'failed to parse csv devices: parse error on line 1, column 2: bare " in non-quoted-field'],
  ])('refuses unreadable CSV %j', (value, message) => {
    const parsed = parseDevice(value);
    expect(parsed.device).toBeNull();
    expect(parsed.problems.map((problem) => problem.message)).toEqual([message]);
  });

  it('points at the offending field', () => {
    expect(parseDevice('a,name=b').problems[0]).toMatchObject({ start: 2, end: 8 });
  });
});

describe('validateNetwork and validateSecurity', () => {
  it.each([
    ['default', null],
    ['none', null],
    ['host', null],
    ['bridge', 'invalid network mode "bridge"'],
    ['HOST', 'invalid network mode "HOST"'],
    ['', 'invalid network mode ""'],
    ['$NET', 'invalid network mode "$NET"'],
    ['a"b', 'invalid network mode "a\\"b"'],
  ])('--network=%j', (value, expected) => {
    expect(validateNetwork(value)).toBe(expected);
  });

  it.each([
    ['sandbox', null],
    ['insecure', null],
    ['privileged', 'security "privileged" is not valid'],
    ['Insecure', 'security "Insecure" is not valid'],
    ['', 'security "" is not valid'],
  ])('--security=%j', (value, expected) => {
    expect(validateSecurity(value)).toBe(expected);
  });
});

describe('suggest', () => {
  const INSTRUCTIONS = ['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'RUN', 'USER'];

  it.each<[string, readonly string[], number | undefined, boolean | undefined, string | null]>([
    ['cahce', ['bind', 'cache', 'tmpfs'], undefined, undefined, 'cache'],
    ['cache', ['bind', 'cache', 'tmpfs'], undefined, undefined, null],
    ['xyz', ['bind', 'cache', 'tmpfs'], undefined, undefined, null],
    // ties go to the candidate listed first
    ['rx', ['ro', 'rw'], undefined, undefined, 'ro'],
    ['rx', ['rw', 'ro'], undefined, undefined, 'rw'],
    // case-sensitive by default: a case change costs an edit
    ['CACHE', ['cache'], undefined, undefined, null],
    ['Cache', ['cache'], undefined, undefined, 'cache'],
    // an exact match anywhere means the word is no typo, even after a closer-looking candidate
    ['ro', ['rw', 'ro'], undefined, undefined, null],
    // case-insensitive: the suggestion follows the word's casing when it is all lower or all upper
    ['rum', INSTRUCTIONS, 2, false, 'run'],
    ['RUM', INSTRUCTIONS, 2, false, 'RUN'],
    ['Rum', INSTRUCTIONS, 2, false, 'run'],
    ['rnu', INSTRUCTIONS, 2, false, 'env'],
    ['COPPY', INSTRUCTIONS, 2, false, 'COPY'],
    ['run', INSTRUCTIONS, 2, false, null],
    ['Run', INSTRUCTIONS, 2, false, null],
    ['ENTRYPONT', INSTRUCTIONS, 2, false, 'ENTRYPOINT'],
    ['frm', INSTRUCTIONS, 1, false, 'from'],
    ['abcd', ['wxyz'], 4, true, 'wxyz'],
    ['abcd', ['wxyz'], 3, true, null],
    ['', ['ab', 'abc'], undefined, undefined, 'ab'],
    ['anything', [], undefined, undefined, null],
  ])('suggest(%j, …, %s, %s)', (word, candidates, maxDistance, caseSensitive, expected) => {
    expect(suggest(word, candidates, maxDistance, caseSensitive)).toBe(expected);
  });

  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['h\u00e9llo', 'hello', 1],
    ['\u{1f600}a', 'a', 1],
  ])('levenshtein(%j, %j) = %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
    expect(levenshtein(b, a)).toBe(distance);
  });

  it('appends the hint in BuildKit wording', () => {
    expect(withSuggestion('unknown flag: --form', 'form', ['from', 'chown'])).toBe(
      'unknown flag: --form (did you mean from?)',
    );
    expect(withSuggestion('unknown flag: --zzz', 'zzz', ['from'])).toBe('unknown flag: --zzz');
  });
});

describe('RUN options: robustness', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({
      unit: fc.constantFrom(
        ...['type=', 'cache', 'secret', 'ssh', 'tmpfs', ',', '"', '=', 'ro', 'target=', '/', '$', 'id=', 'name='],
        ...['size=', 'required', 'mode=', '0', 'x'],
      ),
      maxLength: 20,
    }),
  );

  it('never throws, and offsets stay inside the input', () => {
    fc.assert(
      fc.property(text, fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), (value, workdir) => {
        const results = [parseMount(value, workdir === undefined ? {} : { workdir }), parseDevice(value)];
        for (const { problems } of results) {
          for (const problem of problems) {
            expect(typeof problem.message).toBe('string');
            if (problem.start !== undefined) {
              expect(problem.start).toBeGreaterThanOrEqual(0);
              expect(problem.end).toBeLessThanOrEqual(value.length);
            }
          }
        }
        validateNetwork(value);
        validateSecurity(value);
      }),
      { numRuns: 1_000 },
    );
  });

  it('suggest never throws', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string()), fc.nat(5), fc.boolean(), (word, candidates, distance, exact) => {
        const hint = suggest(word, candidates, distance, exact);
        if (hint !== null && exact) {
          expect(candidates).toContain(hint);
          expect(levenshtein(word, hint)).toBeLessThanOrEqual(distance);
        }
      }),
    );
  });
});
