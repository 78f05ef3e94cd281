import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { journal, parseTargets } from '../src/relay.js';

test('parseTargets reads name=url pairs', () => {
  const targets = parseTargets('billing=http://billing:8080/hooks, audit=http://audit/in');
  assert.deepEqual([...targets.keys()], ['billing', 'audit']);
  assert.equal(targets.get('audit').hostname, 'audit');
});

test('parseTargets ignores empty entries and rejects bad ones', () => {
  assert.equal(parseTargets('').size, 0);
  assert.throws(() => parseTargets('no-equals-sign'), /expected name=url/);
});

test('journal appends one JSON line per delivery', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'relay-'));
  await journal(dir, { bytes: 2 });
  await journal(dir, { bytes: 5 });
  const lines = (await fs.readFile(path.join(dir, 'deliveries.jsonl'), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(JSON.parse(lines[1]).bytes, 5);
});
