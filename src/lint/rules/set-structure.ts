/** Rules about the structure of a Dockerfile: stages, base images, instruction order and instruction forms. */
import type { RuleModule } from '../types.js';
import { copyFromKnownStage } from './copy-from-known-stage.js';
import { copyFromOtherStage } from './copy-from-other-stage.js';
import { copyFromVariable } from './copy-from-variable.js';
import { copyUrlSource } from './copy-url-source.js';
import { copyMultiSourceDirDest } from './copy-multi-source-dir-dest.js';
import { copyOverAdd } from './copy-over-add.js';
import { execFormCmdEntrypoint } from './exec-form-cmd-entrypoint.js';
import { exposePortSyntax } from './expose-port-syntax.js';
import { fromFirst } from './from-first.js';
import { mountFromEarlierStage } from './mount-from-earlier-stage.js';
import { noConstantPlatform } from './no-constant-platform.js';
import { noEnvSelfReference } from './no-env-self-reference.js';
import { noInlineIgnorePragma } from './no-inline-ignore-pragma.js';
import { noLatestTag } from './no-latest-tag.js';
import { noMaintainer } from './no-maintainer.js';
import { noRedundantTargetPlatform } from './no-redundant-target-platform.js';
import { noReservedStageName } from './no-reserved-stage-name.js';
import { noRootFilesystemCopy } from './no-root-filesystem-copy.js';
import { nonRootLastUser } from './non-root-last-user.js';
import { numericUser } from './numeric-user.js';
import { singleCmd } from './single-cmd.js';
import { singleEntrypoint } from './single-entrypoint.js';
import { singleHealthcheck } from './single-healthcheck.js';
import { taggedBaseImage } from './tagged-base-image.js';
import { trustedRegistry } from './trusted-registry.js';
import { uniqueStageNames } from './unique-stage-names.js';
import { utf8Encoding } from './utf8-encoding.js';
import { validBaseImageName } from './valid-base-image-name.js';
import { validExposePort } from './valid-expose-port.js';
import { validStopSignal } from './valid-stop-signal.js';
import { validChmod } from './valid-chmod.js';
import { validChown } from './valid-chown.js';
import { validAddChecksum } from './valid-add-checksum.js';
import { validOnbuildTrigger } from './valid-onbuild-trigger.js';
import { workdirBeforeRelativeCopy } from './workdir-before-relative-copy.js';

/** In hadolint code order, then dfkit's own. */
export const structureRules: readonly RuleModule[] = [
  noInlineIgnorePragma,
  nonRootLastUser,
  taggedBaseImage,
  noLatestTag,
  validExposePort,
  singleHealthcheck,
  copyOverAdd,
  copyMultiSourceDirDest,
  copyFromKnownStage,
  copyFromOtherStage,
  uniqueStageNames,
  execFormCmdEntrypoint,
  trustedRegistry,
  noConstantPlatform,
  validOnbuildTrigger,
  noEnvSelfReference,
  workdirBeforeRelativeCopy,
  fromFirst,
  noReservedStageName,
  noRedundantTargetPlatform,
  numericUser,
  noRootFilesystemCopy,
  noMaintainer,
  singleCmd,
  singleEntrypoint,
  utf8Encoding,
  copyFromVariable,
  mountFromEarlierStage,
  validBaseImageName,
  copyUrlSource,
  exposePortSyntax,
  validStopSignal,
  validChmod,
  validChown,
  validAddChecksum,
];
