/** The package-manager rules (apt-get, apk, yum, dnf, zypper), in hadolint code order, for the built-in registry. */
import type { RuleModule } from '../types.js';
import { apkNoCache } from './apk-no-cache.js';
import { apkPinnedVersions } from './apk-pinned-versions.js';
import { aptGetAssumeYes } from './apt-get-assume-yes.js';
import { aptGetNoInstallRecommends } from './apt-get-no-install-recommends.js';
import { aptGetPinnedVersions } from './apt-get-pinned-versions.js';
import { aptListsRemoved } from './apt-lists-removed.js';
import { dnfAssumeYes } from './dnf-assume-yes.js';
import { dnfCleanAll } from './dnf-clean-all.js';
import { dnfPinnedVersions } from './dnf-pinned-versions.js';
import { noAptCli } from './no-apt-cli.js';
import { noZypperDistUpgrade } from './no-zypper-dist-upgrade.js';
import { yumAssumeYes } from './yum-assume-yes.js';
import { yumCleanAll } from './yum-clean-all.js';
import { yumPinnedVersions } from './yum-pinned-versions.js';
import { zypperClean } from './zypper-clean.js';
import { zypperNonInteractive } from './zypper-non-interactive.js';
import { zypperPinnedVersions } from './zypper-pinned-versions.js';

export const packageRules: readonly RuleModule[] = [
  aptGetPinnedVersions,
  aptListsRemoved,
  aptGetAssumeYes,
  aptGetNoInstallRecommends,
  apkPinnedVersions,
  apkNoCache,
  noAptCli,
  yumAssumeYes,
  yumCleanAll,
  yumPinnedVersions,
  zypperNonInteractive,
  noZypperDistUpgrade,
  zypperClean,
  zypperPinnedVersions,
  dnfAssumeYes,
  dnfCleanAll,
  dnfPinnedVersions,
];
