/**
 * `collectGarbage`'s decisions, on an adapter that records calls (the real engines are in test/cli/gc.test.ts),
 * and the durations `--until` reads.
 */
import { describe, expect, it } from 'vitest';
import type { ContainerRef, ImageRef, RuntimeAdapter } from '../../src/runtime/adapter.js';
import { parseDuration } from '../../src/runtime/duration.js';
import { collectGarbage } from '../../src/runtime/gc.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 10);

function statusError(status: number, message: string): Error & { status: number } {
  return Object.assign(new Error(message), { status });
}

function fakeAdapter(containers: ContainerRef[], images: ImageRef[], refuse: Record<string, Error> = {}) {
  const calls: string[] = [];
  const adapter: RuntimeAdapter = {
    name: 'fake',
    ping: () => Promise.reject(new Error('unused')),
    build: () => Promise.reject(new Error('unused')),
    run: () => Promise.reject(new Error('unused')),
    inspectImage: () => Promise.resolve(null),
    stop: () => Promise.resolve(),
    listContainers: (labels) => {
      calls.push(`listContainers ${JSON.stringify(labels)}`);
      return Promise.resolve(containers);
    },
    listImages: (labels) => {
      calls.push(`listImages ${JSON.stringify(labels)}`);
      return Promise.resolve(images);
    },
    remove: (id, options) => {
      calls.push(`remove ${id}${options?.force ? ' force' : ''}`);
      return refuse[id] ? Promise.reject(refuse[id]) : Promise.resolve();
    },
    removeImage: (reference, options) => {
      calls.push(`removeImage ${reference}${options?.force ? ' force' : ''}`);
      return refuse[reference] ? Promise.reject(refuse[reference]) : Promise.resolve();
    },
  };
  return { adapter, calls };
}

const container = (id: string, state: string): ContainerRef => ({ id, name: `name-${id}`, image: 'app', state, labels: {} });
const image = (id: string, tags: string[], ageHours: number, containers: string[] = []): ImageRef => ({
  id,
  tags,
  created: NOW - ageHours * HOUR,
  labels: {},
  containers,
});

describe('collectGarbage', () => {
  it('removes stopped containers and dangling images, keeps running ones without force, and young tagged images', async () => {
    const { adapter, calls } = fakeAdapter(
      [container('c-exited', 'exited'), container('c-created', 'created'), container('c-running', 'running')],
      [image('i-dangling', [], 1), image('i-tagged', ['app:1'], 100)],
    );
    const report = await collectGarbage(adapter, { now: NOW });
    expect(report.items.map((item) => [item.id, item.reason, item.action])).toEqual([
      ['c-exited', 'stopped', 'removed'],
      ['c-created', 'stopped', 'removed'],
      ['c-running', 'running', 'kept'],
      ['i-dangling', 'dangling', 'removed'],
    ]);
    expect(calls.filter((call) => call.startsWith('remove'))).toEqual(['remove c-exited', 'remove c-created', 'removeImage i-dangling']);
  });

  it('with force kills running containers, and with an age limit removes old tagged images tag by tag, newest first', async () => {
    const { adapter, calls } = fakeAdapter(
      [container('c-running', 'running')],
      [image('i-old', ['app:1', 'app:latest'], 48, ['c-running']), image('i-older', ['app:0'], 72), image('i-young', ['app:2'], 1)],
    );
    const report = await collectGarbage(adapter, { now: NOW, force: true, olderThanMs: 24 * HOUR });
    expect(report.items.map((item) => [item.id, item.action])).toEqual([
      ['c-running', 'removed'],
      ['i-old', 'removed'],
      ['i-older', 'removed'],
    ]);
    expect(calls.filter((call) => call.startsWith('remove'))).toEqual([
      'remove c-running force',
      'removeImage app:1',
      'removeImage app:latest',
      'removeImage app:0',
    ]);
  });

  it('keeps images that containers it does not remove still use, and says which', async () => {
    const { adapter } = fakeAdapter([container('c-running', 'running')], [image('i-dangling', [], 1, ['c-running', 'someone-elses'])]);
    const report = await collectGarbage(adapter, { now: NOW });
    expect(report.items.at(-1)).toMatchObject({ id: 'i-dangling', action: 'kept', detail: 'used by containers c-running, someone-else' });
  });

  it('in a dry run removes nothing, and predicts what removing the containers frees', async () => {
    const { adapter, calls } = fakeAdapter([container('c-exited', 'exited')], [image('i-dangling', [], 1, ['c-exited'])]);
    const report = await collectGarbage(adapter, { now: NOW, dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.items.map((item) => item.action)).toEqual(['would-remove', 'would-remove']);
    expect(calls.filter((call) => call.startsWith('remove'))).toEqual([]);
  });

  it('reports refusals per item: a conflict is kept, a vanished one counts as removed, anything else failed', async () => {
    const { adapter } = fakeAdapter(
      [container('c-gone', 'exited'), container('c-broken', 'exited')],
      [image('i-parent', [], 2)],
      {
        'c-gone': statusError(404, 'No such container'),
        'c-broken': new Error('socket hang up'),
        'i-parent': statusError(409, 'image has dependent child images'),
      },
    );
    const report = await collectGarbage(adapter, { now: NOW });
    expect(report.items.map((item) => [item.id, item.action, item.detail])).toEqual([
      ['c-gone', 'removed', undefined],
      ['c-broken', 'failed', 'socket hang up'],
      ['i-parent', 'kept', 'image has dependent child images'],
    ]);
  });

  it('narrows by the given labels, never by a second copy of its own', async () => {
    const { adapter, calls } = fakeAdapter([], []);
    await collectGarbage(adapter, { labels: { 'dev.dfkit.managed': 'x', team: 'a' } });
    expect(calls).toEqual(['listContainers {"team":"a"}', 'listImages {"team":"a"}']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['24h', 24 * HOUR],
    ['90m', 90 * 60_000],
    ['1h30m', 90 * 60_000],
    ['7d', 7 * 24 * HOUR],
    ['2w', 14 * 24 * HOUR],
    ['1.5h', 1.5 * HOUR],
    ['500ms', 500],
    ['10s', 10_000],
    [' 5m ', 300_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '24', 'h', '1x', '1h 30m', '-1h', '1h30', 'soon'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
