import { describe, expect, it } from 'vitest';
import { BuildView } from '../../src/cli/build-view.js';
import { Screen } from './screen.js';

function setup(columns = 100): { screen: Screen; view: BuildView; clock: { t: number } } {
  const screen = new Screen();
  const clock = { t: 1_000 };
  const view = new BuildView({ write: (text) => screen.write(text), columns, color: false }, { dockerfileName: 'Dockerfile', refreshMs: 0, now: () => clock.t, tailLines: 2 });
  return { screen, view, clock };
}

const install = { name: '[2/3] RUN npm ci', line: 4 };
const copy = { name: '[3/3] COPY . .', line: 5 };

describe('the live build view', () => {
  it('shows running steps with a timer and the tail of their output, then prints them once when done', () => {
    const { screen, view, clock } = setup();
    view.print({ type: 'step-cached', step: { name: '[1/3] FROM base', line: 1 } });
    view.print({ type: 'step-started', step: install });
    view.print({ type: 'log', stream: 'stdout', text: 'one\ntwo\nthr', step: install });
    clock.t += 2_500;
    view.print({ type: 'log', stream: 'stdout', text: 'ee\n', step: install });
    expect(screen.shown[0]).toBe('=> CACHED [1/3] FROM base  (Dockerfile:1)');
    expect(screen.shown[1]).toBe('[+] Building 2.5s (1 finished, 1 cached)');
    expect(screen.shown[2]).toMatch(/^ => \[2\/3\] RUN npm ci {2}\(Dockerfile:4\) +2\.5s$/);
    expect(screen.shown.slice(3)).toEqual(['    two', '    three']); // the last two lines only
    expect(screen.shown[2]?.length).toBe(99); // the timer sits at the right edge

    clock.t += 500;
    view.print({ type: 'step-done', step: install, cached: false });
    view.print({ type: 'step-started', step: copy });
    view.print({ type: 'step-done', step: copy, cached: false });
    view.print({ type: 'step-cached', step: copy }); // reported again: still one line
    view.print({ type: 'image', id: 'sha256:abc' });
    view.close();
    expect(screen.shown).toEqual([
      '=> CACHED [1/3] FROM base  (Dockerfile:1)',
      '=> DONE [2/3] RUN npm ci  (Dockerfile:4)  3.0s',
      '=> DONE [3/3] COPY . .  (Dockerfile:5)  0.0s',
      '=> built sha256:abc',
    ]);
  });

  it('draws a bar while the context is sent', () => {
    const { screen, view } = setup();
    view.print({ type: 'context', bytesSent: 3_000_000, bytesTotal: 9_000_000, files: 12 });
    view.print({ type: 'upload', bytesUploaded: 1_500_000, bytesExpected: 3_100_000, done: false });
    expect(screen.shown[0]).toBe('=> context: 12 files, 3.0 MB of 9.0 MB (only what the build needs)');
    expect(screen.shown[2]).toBe(' => sending context [###########.............]  48% 1.5 MB / 3.1 MB');
    view.print({ type: 'upload', bytesUploaded: 3_100_000, bytesExpected: 3_100_000, done: true });
    expect(screen.shown).toEqual(['=> context: 12 files, 3.0 MB of 9.0 MB (only what the build needs)', '=> context sent: 3.1 MB']);
  });

  it('prints the output of a failing step with it', () => {
    const { screen, view } = setup();
    view.print({ type: 'step-started', step: install });
    view.print({ type: 'log', stream: 'stderr', text: 'npm ERR! missing script\nnpm ERR! exit 1', step: install });
    view.print({ type: 'error', message: 'exit code 1', step: install });
    view.close();
    expect(screen.shown).toEqual(['=> ERROR [2/3] RUN npm ci  (Dockerfile:4)', '   | npm ERR! missing script', '   | npm ERR! exit 1']);
  });

  it('keeps what a carriage-return progress line ended as, drops escape sequences, and cuts long lines', () => {
    const { screen, view } = setup(30);
    view.print({ type: 'step-started', step: install });
    view.print({ type: 'log', stream: 'stdout', text: ' 10%\r 50%\r100%\n\u001b[1A\u001b[31mred\u001b[0m\n', step: install });
    view.print({ type: 'log', stream: 'stdout', text: `${'x'.repeat(80)}\n`, step: install });
    const live = screen.shown;
    expect(live.slice(-2)).toEqual(['    red', `    ${'x'.repeat(24)}…`]);
    for (const line of live) expect(line.length).toBeLessThanOrEqual(29);
    view.print({ type: 'log', stream: 'stdout', text: 'after\n' });
    view.close();
    expect(screen.shown).toEqual(['   | after']);
  });

  it('leaves nothing of the live area behind when closed mid-build', () => {
    const { screen, view } = setup();
    view.print({ type: 'step-started', step: install });
    view.print({ type: 'step-started', step: copy });
    expect(screen.shown).toHaveLength(3);
    view.close();
    expect(screen.shown).toEqual([]);
    view.print({ type: 'step-started', step: install }); // after close, nothing is drawn
    expect(screen.shown).toEqual([]);
  });
});
