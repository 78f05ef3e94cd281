/** When `dfkit lsp --stdio` starts itself again with a V8 thread pool sized to the machine. */
import { describe, expect, it } from 'vitest';
import { relaunchArguments, RELAUNCHED } from '../../src/cli/relaunch.js';

const script = '/opt/dfkit/dist/cli/main.js';

describe('relaunchArguments', () => {
  it('gives the server one V8 worker fewer than the cores on a machine with four or fewer', () => {
    expect(relaunchArguments(['lsp', '--stdio'], [], script, 2, {})).toEqual(['--v8-pool-size=1', script, 'lsp', '--stdio']);
    expect(relaunchArguments(['lsp', '--stdio', '--clientProcessId=7'], ['--import', 'tsx'], script, 4, {})).toEqual([
      '--import',
      'tsx',
      '--v8-pool-size=3',
      script,
      'lsp',
      '--stdio',
      '--clientProcessId=7',
    ]);
    expect(relaunchArguments(['lsp', '--stdio'], [], script, 1, {})).toEqual(['--v8-pool-size=1', script, 'lsp', '--stdio']);
  });

  it('runs everything else in this process', () => {
    expect(relaunchArguments(['lsp', '--stdio'], [], script, 8, {})).toBeNull();
    expect(relaunchArguments(['lint', 'Dockerfile'], [], script, 2, {})).toBeNull();
    // The client's IPC channel belongs to this process.
    expect(relaunchArguments(['lsp', '--node-ipc'], [], script, 2, {})).toBeNull();
    expect(relaunchArguments(['lsp', '--stdio'], [], script, 2, { [RELAUNCHED]: '1' })).toBeNull();
    expect(relaunchArguments(['lsp', '--stdio'], ['--v8-pool-size=2'], script, 2, {})).toBeNull();
    expect(relaunchArguments(['lsp', '--stdio'], [], script, 2, { NODE_OPTIONS: '--v8-pool-size=0' })).toBeNull();
  });
});
