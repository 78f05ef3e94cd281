import { hasFlag } from '../shell/index.js';
import type { RuleModule } from '../types.js';
import { insertAfter, hadolintCommands, wordRange } from './apt-get-assume-yes.js';
import { RPM_OPTIONS_WITH_VALUE, rpmAssumesNo, subcommandIn } from './yum-clean-all.js';

export const dnfAssumeYes: RuleModule = {
  meta: {
    id: 'dnf-assume-yes',
    hadolint: 'DL3038',
    severity: 'warning',
    category: 'correctness',
    locality: 'stage',
    fixable: 'safe',
    docs: {
      summary: 'Pass `-y` to `dnf install`',
      description:
        'Flags `dnf` and `microdnf` `install`, `groupinstall` and `localinstall` (also as `dnf group install` and `dnf module install`) in a RUN (ONBUILD triggers ' +
        'included) without `-y` / `--assumeyes`. With `--assumeno` dnf answers no itself and installs nothing, ' +
        'so that is left alone. The finding points at the subcommand.',
      rationale:
        'A build has no terminal to answer prompts: without `-y`, dnf asks to confirm the transaction, reads ' +
        'end-of-file and aborts the build.',
      example: 'FROM fedora:40\nRUN dnf install httpd-2.4.62 && dnf clean all',
      useInstead: 'FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all',
      fixSafety:
        'Inserts ` -y` after the subcommand. The only change is that dnf proceeds instead of prompting, which ' +
        'is what a build needs; it is not offered for exec form or when the word is split by a line continuation.',
    },
  },
  create(context) {
    return {
      RUN(run) {
        for (const { script, cmd } of hadolintCommands(run, ['dnf', 'microdnf'])) {
          const sub = subcommandIn(cmd, ['install', 'groupinstall', 'localinstall'], RPM_OPTIONS_WITH_VALUE, true);
          if (sub === null || hasFlag(cmd, ['-y', '--assumeyes'], RPM_OPTIONS_WITH_VALUE) || rpmAssumesNo(cmd)) continue;
          const fix = insertAfter(context.text, script, sub, ' -y', 'Add -y');
          context.report({
            message: 'Use the -y switch to avoid manual input `dnf install -y <package>`',
            range: wordRange(script, sub),
            ...(fix ? { fix } : {}),
          });
        }
      },
    };
  },
};
