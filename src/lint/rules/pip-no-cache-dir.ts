import { runScripts } from '../run-script.js';
import { hadolintCommands } from './apt-get-assume-yes.js';
import type { RuleModule } from '../types.js';
import { isPipName, pipInstall } from './pip-pinned-versions.js';
import { withoutTrailing } from '../../parser/trailing.js';

const TRUTHY: ReadonlySet<string> = new Set(['1', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'yes', 'Yes', 'YES']);

export const pipNoCacheDir: RuleModule = {
  meta: {
    id: 'pip-no-cache-dir',
    hadolint: 'DL3042',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Use pip install --no-cache-dir',
      description:
        'Flags `pip install` (also `python -m pip install`) without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` ' +
        'is set to a true value (by ENV in the stage or a stage it builds on, or in the RUN) or the RUN has a ' +
        'cache or tmpfs mount on pip\'s cache directory.',
      rationale:
        'pip keeps every downloaded and built package under ~/.cache/pip. In an image nothing ever reuses that ' +
        'cache, yet it stays in the layer and can add hundreds of megabytes.',
      example: 'FROM python:3.12\nRUN pip install flask==3.0.3',
      useInstead: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3',
      fixSafety:
        'The fix adds `--no-cache-dir` after `install`, an option every pip version accepts; it changes only ' +
        'whether downloads are kept, never what is installed.',
    },
  },
  create(context) {
    return {
      RUN(node, scope) {
        if (TRUTHY.has(scope.env.get('PIP_NO_CACHE_DIR') ?? '')) return;
        // The cache then lives in the mount, outside the layer.
        const mounted = node.mounts.some(
          (m) => (m.type === 'cache' || m.type === 'tmpfs') && m.target !== null && withoutTrailing(m.target, '/').endsWith('.cache/pip'),
        );
        if (mounted) return;
        // Set in the RUN's own text (`PIP_NO_CACHE_DIR=1 pip install …`, `export PIP_NO_CACHE_DIR=true`).
        if (runScripts(node).some((run) => /PIP_NO_CACHE_DIR=["']?(?:1|true|True|TRUE|on|On|ON|yes|Yes|YES)/.test(run.text))) return;
        for (const { script: run, cmd: original } of hadolintCommands(node, isPipName)) {
          const found = pipInstall(original);
          if (found === null || found.cmd.args.some((a) => a.value === '--no-cache-dir')) continue;
          const { install } = found;
          const range = run.rangeOf(install.start, install.end);
          context.report({
            message: 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`',
            range,
            // In exec form offsets map to whole JSON elements, where inserting text would break the array.
            fix:
              run.origin === 'exec'
                ? undefined
                : { description: 'Add --no-cache-dir', safety: 'safe', edits: [{ start: range.end.offset, end: range.end.offset, text: ' --no-cache-dir' }] },
          });
        }
      },
    };
  },
};
