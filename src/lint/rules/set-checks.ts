/**
 * BuildKit's build checks and hadolint's label and health-check rules. `CopyIgnoredFile` needs the context's
 * ignore file, which the caller passes in the settings (the CLI reads it next to the Dockerfile);
 * `InvalidBaseImagePlatform` needs the base images' platforms, which `dfkit lint --resolve-images` asks the engine for.
 */
import type { RuleModule } from '../types.js';
import { consistentInstructionCasing } from './consistent-instruction-casing.js';
import { copyIgnoredFile } from './copy-ignored-file.js';
import { emptyLabel } from './empty-label.js';
import { exposeInvalidFormat } from './expose-invalid-format.js';
import { exposeProtoCasing } from './expose-proto-casing.js';
import { fromAsCasing } from './from-as-casing.js';
import { invalidBaseImagePlatform } from './invalid-base-image-platform.js';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from.js';
import { invalidDefinitionDescription } from './invalid-definition-description.js';
import { labelEmail } from './label-email.js';
import { labelGitHash } from './label-git-hash.js';
import { labelKeyFormat } from './label-key-format.js';
import { labelRfc3339 } from './label-rfc3339.js';
import { labelSemver } from './label-semver.js';
import { labelSpdx } from './label-spdx.js';
import { labelUrl } from './label-url.js';
import { legacyKeyValueFormat } from './legacy-key-value-format.js';
import { missingHealthcheck } from './missing-healthcheck.js';
import { noEmptyContinuation } from './no-empty-continuation.js';
import { requiredLabel } from './required-label.js';
import { secretsUsedInArgOrEnv } from './secrets-used-in-arg-or-env.js';
import { stageNameCasing } from './stage-name-casing.js';
import { superfluousLabel } from './superfluous-label.js';
import { undefinedArgInFrom } from './undefined-arg-in-from.js';
import { undefinedVar } from './undefined-var.js';

export const checkRules: readonly RuleModule[] = [
  stageNameCasing,
  fromAsCasing,
  noEmptyContinuation,
  consistentInstructionCasing,
  copyIgnoredFile,
  undefinedArgInFrom,
  undefinedVar,
  invalidBaseImagePlatform,
  legacyKeyValueFormat,
  invalidDefaultArgInFrom,
  invalidDefinitionDescription,
  exposeProtoCasing,
  exposeInvalidFormat,
  secretsUsedInArgOrEnv,
  labelKeyFormat,
  requiredLabel,
  superfluousLabel,
  emptyLabel,
  labelUrl,
  labelRfc3339,
  labelSpdx,
  labelGitHash,
  labelSemver,
  missingHealthcheck,
  labelEmail,
];
