/**
 * Agreement cases with BuildKit's build checks: the Dockerfiles of BuildKit's own lint integration tests
 * (moby/buildkit `frontend/dockerfile/dockerfile_lint_test.go`) with the warnings BuildKit gives on them, as
 * data. Where a test has Linux and Windows variants, the Linux one is used. Errors the build itself raises
 * (missing files, parse errors, `error=true` failures) are out of scope: only warnings are compared.
 *
 * `check` groups a case under the check its upstream test is about (the report counts per group). `warnings`
 * is everything BuildKit reports on the file — every check, not only `check` — as {check name, 1-based line,
 * detail message}. `dockerignore` is the context's `.dockerignore`; `buildArgs` are `--build-arg`s (BuildKit's
 * `BUILDKIT_DOCKERFILE_CHECK` among them). `divergence` marks a case where dfkit deliberately or unavoidably
 * differs; the test then asserts that it still does.
 */
import type { LintSettings } from '../../../src/lint/index.js';
import { file } from './lines.js';

export interface ExpectedWarning {
  /** BuildKit's check name. */
  readonly rule: string;
  /** 1-based line BuildKit reports. */
  readonly line: number;
  /** BuildKit's detail message. */
  readonly detail?: string;
}

export interface BuildkitCase {
  readonly check: string;
  readonly name: string;
  readonly dockerfile: string;
  readonly dockerignore?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /**
   * What the build resolved: the base images' platforms and environments, and the platform it targets (what
   * `dfkit lint --resolve-images` asks the engine for).
   */
  readonly images?: LintSettings['baseImages'];
  readonly platform?: string;
  readonly warnings: readonly ExpectedWarning[];
  readonly divergence?: string;
}

/** Groups for cases about the `# check=` options rather than one check. */
export const CHECK_OPTIONS = '# check= options';

const secret = (line: number, kind: 'ARG' | 'ENV', name: string): ExpectedWarning => ({
  rule: 'SecretsUsedInArgOrEnv',
  line,
  detail: `Do not use ARG or ENV instructions for sensitive data (${kind} ${JSON.stringify(name)})`,
});

const multiple = (line: number, instruction: string): ExpectedWarning => ({
  rule: 'MultipleInstructionsDisallowed',
  line,
  detail: `Multiple ${instruction} instructions should not be used in the same stage because only the last one will be used`,
});

const casing = (line: number, command: string, majority: 'uppercase' | 'lowercase'): ExpectedWarning => ({
  rule: 'ConsistentInstructionCasing',
  line,
  detail: `Command '${command}' should match the case of the command majority (${majority})`,
});

const fromAs = (line: number, from: string, as: string): ExpectedWarning => ({
  rule: 'FromAsCasing',
  line,
  detail: `'${as}' and '${from}' keywords' casing do not match`,
});

const legacy = (line: number, instruction: string): ExpectedWarning => ({
  rule: 'LegacyKeyValueFormat',
  line,
  detail: `"${instruction} key=value" should be used instead of legacy "${instruction} key value" format`,
});

const ignoredCopy = (line: number, verb: 'Copy' | 'Add', path: string): ExpectedWarning => ({
  rule: 'CopyIgnoredFile',
  line,
  detail: `Attempting to ${verb} file ${JSON.stringify(path)} that is excluded by .dockerignore`,
});

const invalidDefault = (line: number, base: string): ExpectedWarning => ({
  rule: 'InvalidDefaultArgInFrom',
  line,
  detail: `Default value for ARG ${base} results in empty or invalid base image name`,
});

const description = (line: number, kind: 'ARG' | 'FROM', name: string): ExpectedWarning => ({
  rule: 'InvalidDefinitionDescription',
  line,
  detail: `Comment for ${kind} should follow the format: \`# ${name} <description>\``,
});

/** The file the check-option tests share: a FROM/AS casing mismatch and a lower-case instruction. */
const MIXED_CASING = (directive: string): string => file(directive, 'FROM scratch as base', 'copy Dockerfile .');

const IGNORE_DOCKERFILE = file('', 'Dockerfile');

export const cases: readonly BuildkitCase[] = [
  // InvalidDefinitionDescription (experimental)
  {
    check: 'InvalidDefinitionDescription',
    name: 'descriptions that start with the name, an empty # line, and a comment above COPY',
    dockerfile: file(
      '# check=experimental=InvalidDefinitionDescription',
      '# foo this is the foo',
      'ARG foo=bar',
      '',
      '# base this is the base image',
      'FROM scratch AS base',
      '',
      '# version this is the version number',
      'ARG version=latest',
      '',
      '# baz this is the baz',
      'ARG foo=baz bar=qux baz=quux',
      '#',
      'ARG bit=bat',
      '',
      '# comment for something other than ARG or FROM',
      'COPY Dockerfile .',
    ),
    warnings: [],
  },
  {
    check: 'InvalidDefinitionDescription',
    name: 'comments that do not start with the ARG or stage name',
    dockerfile: file(
      '# check=experimental=InvalidDefinitionDescription',
      '# bar this is the bar',
      'ARG foo=bar',
      '# BasE this is the BasE image',
      'FROM scratch AS base',
      '# definitely a bad comment',
      'ARG version=latest',
      '# definitely a bad comment',
      'ARG foo=baz bar=qux baz=quux',
    ),
    warnings: [
      description(3, 'ARG', 'foo'),
      description(5, 'FROM', 'base'),
      description(7, 'ARG', 'version'),
      description(9, 'ARG', '<arg_key>'),
    ],
  },

  // CopyIgnoredFile (experimental until dockerfile/1.21, on by default since).
  {
    check: 'CopyIgnoredFile',
    name: 'COPY and ADD of an ignored file',
    dockerignore: IGNORE_DOCKERFILE,
    dockerfile: file('', 'FROM scratch', 'COPY Dockerfile .', 'ADD Dockerfile /windy'),
    warnings: [ignoredCopy(3, 'Copy', 'Dockerfile'), ignoredCopy(4, 'Add', 'Dockerfile')],
  },
  {
    check: 'CopyIgnoredFile',
    name: 'skipped by skip=all',
    dockerignore: IGNORE_DOCKERFILE,
    dockerfile: file('# check=skip=all', 'FROM scratch', 'COPY Dockerfile .', 'ADD Dockerfile /windy'),
    warnings: [],
  },
  {
    check: 'CopyIgnoredFile',
    name: 'the whole context when the ignore file excludes everything at its root',
    dockerignore: file('*'),
    dockerfile: file('', 'FROM scratch', 'COPY . .', 'ADD ./ /app'),
    warnings: [ignoredCopy(3, 'Copy', '.'), ignoredCopy(4, 'Add', '.')],
  },
  {
    check: 'CopyIgnoredFile',
    name: 'the path named as cleaned',
    dockerignore: file('Dockerfile', 'dir'),
    dockerfile: file('', 'FROM scratch', 'COPY ./Dockerfile /x', 'COPY dir/ /y'),
    warnings: [ignoredCopy(3, 'Copy', 'Dockerfile'), ignoredCopy(4, 'Copy', 'dir')],
  },
  {
    check: 'CopyIgnoredFile',
    name: 'an ignore file with an exception',
    divergence: 'BuildKit does not run the check when the ignore file has ! exceptions; dfkit applies them, and a copy of a path they leave excluded fails the build',
    dockerignore: file('secret', '!keep'),
    dockerfile: file('', 'FROM scratch', 'COPY secret /x'),
    warnings: [],
  },
  {
    check: 'CopyIgnoredFile',
    name: 'an ignored name as a destination or a source in another stage',
    dockerignore: file('', 'foobar'),
    dockerfile: file(
      '',
      'FROM scratch AS base',
      'COPY Dockerfile /foobar',
      'ADD Dockerfile /windy',
      '',
      'FROM base',
      'COPY --from=base /foobar /Dockerfile',
    ),
    warnings: [],
  },

  // SecretsUsedInArgOrEnv
  {
    check: 'SecretsUsedInArgOrEnv',
    name: 'secret-like ARG and ENV names, public and unrelated ones',
    dockerfile: file(
      '',
      'FROM scratch',
      'ARG SECRET_PASSPHRASE',
      'ENV SUPER_Secret=foo',
      'ENV password=bar secret=baz',
      'ARG super_duper_secret_token=foo auth=bar',
      'ENV apikey=bar sunflower=foo',
      'ENV git_key=',
      'ENV PUBLIC_KEY=',
      'ARG public_token',
    ),
    warnings: [
      secret(3, 'ARG', 'SECRET_PASSPHRASE'),
      secret(4, 'ENV', 'SUPER_Secret'),
      secret(5, 'ENV', 'password'),
      secret(5, 'ENV', 'secret'),
      secret(6, 'ARG', 'auth'),
      secret(6, 'ARG', 'super_duper_secret_token'),
      secret(7, 'ENV', 'apikey'),
      secret(8, 'ENV', 'git_key'),
    ],
  },

  // UndefinedVar across targets: `--check` lints every stage, not only those the default target needs.
  {
    check: 'UndefinedVar',
    name: 'undefined variables in COPY in two unrelated stages',
    dockerfile: file('', 'FROM scratch AS first', 'COPY $foo .', '', 'FROM scratch AS second', 'COPY $bar .'),
    warnings: [
      { rule: 'UndefinedVar', line: 3, detail: "Usage of undefined variable '$foo'" },
      { rule: 'UndefinedVar', line: 6, detail: "Usage of undefined variable '$bar'" },
    ],
  },

  // The `# check=` directive and the BUILDKIT_DOCKERFILE_CHECK build argument
  { check: CHECK_OPTIONS, name: 'skip=all', dockerfile: MIXED_CASING('#check=skip=all'), warnings: [] },
  { check: CHECK_OPTIONS, name: 'skip=all with error=true', dockerfile: MIXED_CASING('#check=skip=all;error=true'), warnings: [] },
  {
    check: CHECK_OPTIONS,
    name: 'skip of both checks that fire',
    dockerfile: MIXED_CASING('#check=skip=ConsistentInstructionCasing,FromAsCasing'),
    warnings: [],
  },
  {
    check: CHECK_OPTIONS,
    name: 'skip of both checks that fire, with error=true',
    dockerfile: MIXED_CASING('#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true'),
    warnings: [],
  },
  {
    check: CHECK_OPTIONS,
    name: 'skip of one check leaves the other',
    dockerfile: MIXED_CASING('#check=skip=ConsistentInstructionCasing'),
    warnings: [fromAs(2, 'FROM', 'as')],
  },
  {
    check: CHECK_OPTIONS,
    name: 'skip of one check with error=true still warns',
    dockerfile: MIXED_CASING('#check=skip=ConsistentInstructionCasing;error=true'),
    warnings: [fromAs(2, 'FROM', 'as')],
  },
  {
    check: CHECK_OPTIONS,
    name: 'BUILDKIT_DOCKERFILE_CHECK replaces the directive (skip=all in the file)',
    dockerfile: MIXED_CASING('#check=skip=all'),
    buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=ConsistentInstructionCasing;error=true' },
    warnings: [fromAs(2, 'FROM', 'as')],
  },
  {
    check: CHECK_OPTIONS,
    name: 'BUILDKIT_DOCKERFILE_CHECK replaces the directive (skip=all in the argument)',
    dockerfile: MIXED_CASING('#check=error=true'),
    buildArgs: { BUILDKIT_DOCKERFILE_CHECK: 'skip=all' },
    warnings: [],
  },

  // StageNameCasing and FromAsCasing
  {
    check: 'StageNameCasing',
    name: 'an upper-case stage name, and lower-case as after FROM',
    dockerfile: file(
      '',
      '# warning: stage name should be lowercase',
      '#',
      'FROM scratch AS BadStageName',
      '',
      "# warning: 'as' should match 'FROM' cmd casing.",
      '#',
      'FROM scratch as base2',
      '',
      'FROM scratch AS base3',
    ),
    warnings: [
      { rule: 'StageNameCasing', line: 4, detail: "Stage name 'BadStageName' should be lowercase" },
      fromAs(8, 'FROM', 'as'),
    ],
  },
  {
    check: 'FromAsCasing',
    name: 'upper-case AS after lower-case from',
    dockerfile: file('', "# warning: 'AS' should match 'from' cmd casing.", '#', 'from scratch AS base', '', 'from scratch as base2'),
    warnings: [fromAs(4, 'from', 'AS')],
  },

  // NoEmptyContinuation: reported on the instruction's last line.
  {
    check: 'NoEmptyContinuation',
    name: 'an empty line inside a continued COPY',
    dockerfile: file('', 'FROM scratch', '# warning: empty continuation line', 'COPY Dockerfile \\', '', '.', 'COPY Dockerfile \\', '.'),
    warnings: [{ rule: 'NoEmptyContinuation', line: 6, detail: 'Empty continuation line' }],
  },

  // ConsistentInstructionCasing
  {
    check: 'ConsistentInstructionCasing',
    name: 'a mixed-case From among upper-case instructions',
    dockerfile: file('', "# warning: 'FROM' should be either lowercased or uppercased", '#', 'From scratch as base', 'FROM scratch AS base2'),
    warnings: [casing(4, 'From', 'uppercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'a lower-case copy among upper-case instructions',
    dockerfile: file(
      '',
      'FROM scratch',
      "# warning: 'copy' should match command majority's casing (uppercase)",
      'copy Dockerfile /foo',
      'COPY Dockerfile /bar',
    ),
    warnings: [casing(4, 'copy', 'uppercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'a mixed-case frOM among lower-case instructions',
    dockerfile: file('', "# warning: 'frOM' should be either lowercased or uppercased", '#', 'frOM scratch as base', 'from scratch as base2'),
    warnings: [casing(4, 'frOM', 'lowercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'an upper-case COPY among lower-case instructions',
    dockerfile: file(
      '',
      'from scratch',
      "# warning: 'COPY' should match command majority's casing (lowercase)",
      'COPY Dockerfile /foo',
      'copy Dockerfile /bar',
    ),
    warnings: [casing(4, 'COPY', 'lowercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'a lower-case from among upper-case instructions',
    dockerfile: file(
      '',
      "# warning: 'from' should match command majority's casing (uppercase)",
      '#',
      'from scratch',
      'COPY Dockerfile /foo',
      'COPY Dockerfile /bar',
      'COPY Dockerfile /baz',
    ),
    warnings: [casing(4, 'from', 'uppercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'an upper-case FROM among lower-case instructions',
    dockerfile: file(
      '',
      "# warning: 'FROM' should match command majority's casing (lowercase)",
      '#',
      'FROM scratch',
      'copy Dockerfile /foo',
      'copy Dockerfile /bar',
      'copy Dockerfile /baz',
    ),
    warnings: [casing(4, 'FROM', 'lowercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'all lower case',
    dockerfile: file('', 'from scratch', 'copy Dockerfile /foo', 'copy Dockerfile /bar'),
    warnings: [],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'all upper case',
    dockerfile: file('', 'FROM scratch', 'COPY Dockerfile /foo', 'COPY Dockerfile /bar'),
    warnings: [],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'a heredoc body is not an instruction',
    dockerfile: file('', 'FROM alpine', "RUN <<'EOT'", 'env', 'EOT'),
    warnings: [],
  },

  // DuplicateStageName
  {
    check: 'DuplicateStageName',
    name: 'two stages named b',
    dockerfile: file('', 'FROM scratch AS b', 'FROM scratch AS b'),
    warnings: [{ rule: 'DuplicateStageName', line: 3, detail: 'Duplicate stage name "b", stage names should be unique' }],
  },
  { check: 'DuplicateStageName', name: 'distinct names', dockerfile: file('', 'FROM scratch AS b1', 'FROM scratch AS b2'), warnings: [] },

  // ReservedStageName
  {
    check: 'ReservedStageName',
    name: 'stages named scratch and context',
    dockerfile: file('', 'FROM scratch AS scratch', 'FROM scratch AS context'),
    warnings: [
      { rule: 'ReservedStageName', line: 2, detail: 'Stage name should not use the same name as reserved stage "scratch"' },
      { rule: 'ReservedStageName', line: 3, detail: 'Stage name should not use the same name as reserved stage "context"' },
    ],
  },
  {
    check: 'ReservedStageName',
    name: 'a reserved name as the base image only',
    dockerfile: file('', 'FROM scratch', 'FROM scratch AS a'),
    warnings: [],
  },

  // JSONArgsRecommended
  {
    check: 'JSONArgsRecommended',
    name: 'CMD in shell form',
    dockerfile: file('', 'FROM scratch', 'CMD mycommand'),
    warnings: [
      {
        rule: 'JSONArgsRecommended',
        line: 3,
        detail: 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
      },
    ],
  },
  {
    check: 'JSONArgsRecommended',
    name: 'ENTRYPOINT in shell form',
    dockerfile: file('', 'FROM scratch', 'ENTRYPOINT mycommand'),
    warnings: [
      {
        rule: 'JSONArgsRecommended',
        line: 3,
        detail: 'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals',
      },
    ],
  },
  {
    check: 'JSONArgsRecommended',
    name: 'CMD in shell form after a SHELL',
    dockerfile: file('', 'FROM scratch', 'SHELL ["/usr/bin/customshell"]', 'CMD mycommand'),
    warnings: [],
  },
  {
    check: 'JSONArgsRecommended',
    name: 'ENTRYPOINT in shell form after a SHELL',
    dockerfile: file('', 'FROM scratch', 'SHELL ["/usr/bin/customshell"]', 'ENTRYPOINT mycommand'),
    warnings: [],
  },
  {
    check: 'JSONArgsRecommended',
    name: 'CMD in shell form on a base stage that set a SHELL',
    dockerfile: file('', 'FROM scratch AS base', 'SHELL ["/usr/bin/customshell"]', '', 'FROM base', 'CMD mycommand'),
    warnings: [],
  },
  {
    check: 'JSONArgsRecommended',
    name: 'ENTRYPOINT in shell form on a base stage that set a SHELL',
    dockerfile: file('', 'FROM scratch AS base', 'SHELL ["/usr/bin/customshell"]', '', 'FROM base', 'ENTRYPOINT mycommand'),
    warnings: [],
  },

  // MaintainerDeprecated
  {
    check: 'MaintainerDeprecated',
    name: 'a MAINTAINER instruction',
    dockerfile: file('', 'FROM scratch', 'MAINTAINER me@example.org'),
    warnings: [{ rule: 'MaintainerDeprecated', line: 3, detail: 'Maintainer instruction is deprecated in favor of using label' }],
  },
  {
    check: 'MaintainerDeprecated',
    name: 'the authors label instead',
    dockerfile: file('', 'FROM scratch', 'LABEL org.opencontainers.image.authors="me@example.org"'),
    warnings: [],
  },
  {
    check: 'MaintainerDeprecated',
    name: 'warnings before an unknown instruction still reported',
    dockerfile: file('', 'FROM scratch AS BadStageName', 'MAINTAINER me@example.org', 'BADCMD'),
    warnings: [
      { rule: 'StageNameCasing', line: 2, detail: "Stage name 'BadStageName' should be lowercase" },
      { rule: 'MaintainerDeprecated', line: 3, detail: 'Maintainer instruction is deprecated in favor of using label' },
    ],
  },

  // UndefinedArgInFrom
  { check: 'UndefinedArgInFrom', name: 'a declared global ARG', dockerfile: file('', 'ARG base=scratch', 'FROM $base', 'COPY Dockerfile .'), warnings: [] },
  {
    check: 'UndefinedArgInFrom',
    name: 'a predefined platform ARG declared again',
    dockerfile: file('', 'ARG BUILDPLATFORM=linux/amd64', 'FROM --platform=$BUILDPLATFORM scratch', 'COPY Dockerfile .'),
    warnings: [],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a predefined platform ARG',
    dockerfile: file('', 'FROM --platform=$BUILDPLATFORM scratch', 'COPY Dockerfile .'),
    warnings: [],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a declared ARG without a default',
    dockerfile: file('', 'ARG DEBUG', 'FROM scratch${DEBUG}', 'COPY Dockerfile .'),
    warnings: [],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a declared ARG with a :- default',
    dockerfile: file('', 'ARG DEBUG', 'FROM scra${DEBUG:-tch}', 'COPY Dockerfile .'),
    warnings: [],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a declared empty ARG with a - default',
    dockerfile: file('', 'ARG DEBUG=""', 'FROM scratch${DEBUG-@bogus}', 'COPY Dockerfile .'),
    warnings: [],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a misspelt predefined ARG in --platform',
    dockerfile: file('', 'FROM --platform=$BULIDPLATFORM scratch', 'COPY Dockerfile .'),
    warnings: [
      { rule: 'UndefinedArgInFrom', line: 2, detail: "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)" },
    ],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'a misspelt global ARG in --platform',
    dockerfile: file('', 'ARG MY_OS=linux', 'ARG MY_ARCH=amd64', 'FROM --platform=linux/${MYARCH} busybox', 'COPY Dockerfile .') + '\t',
    warnings: [{ rule: 'UndefinedArgInFrom', line: 4, detail: "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)" }],
  },
  {
    check: 'UndefinedArgInFrom',
    name: 'an undeclared ARG next to a declared one in the image',
    dockerfile: file('', 'ARG tag=latest', 'FROM busybox:${tag}${version} AS b', 'COPY Dockerfile .'),
    warnings: [{ rule: 'UndefinedArgInFrom', line: 3, detail: "FROM argument 'version' is not declared" }],
  },

  // WorkdirRelativePath
  {
    check: 'WorkdirRelativePath',
    name: 'a relative first WORKDIR',
    dockerfile: file('', 'FROM scratch', 'WORKDIR app/'),
    warnings: [
      {
        rule: 'WorkdirRelativePath',
        line: 3,
        detail: 'Relative workdir "app/" can have unexpected results if the base image changes',
      },
    ],
  },
  {
    check: 'WorkdirRelativePath',
    name: 'a relative WORKDIR on a stage whose base set an absolute one',
    divergence: "the rule is also hadolint's DL3000, which flags every relative WORKDIR, not only the first of a stage chain",
    dockerfile: file('', 'FROM scratch AS a', 'WORKDIR /app', '', 'FROM a AS b', 'WORKDIR subdir/'),
    warnings: [],
  },

  // UndefinedVar
  {
    check: 'UndefinedVar',
    name: 'a declared ARG without a default',
    dockerfile: file('', 'FROM scratch', 'ARG foo', 'COPY Dockerfile${foo} .'),
    warnings: [],
  },
  {
    check: 'UndefinedVar',
    name: 'an ARG declared in the base stage',
    dockerfile: file('', 'FROM alpine AS base', 'ARG foo=Dockerfile', '', 'FROM base', 'COPY $foo .'),
    warnings: [],
  },
  { check: 'UndefinedVar', name: 'a variable in a shell-form RUN', dockerfile: file('', 'FROM alpine', 'RUN echo $PATH'), warnings: [] },
  {
    check: 'UndefinedVar',
    name: 'a variable used before its ARG',
    dockerfile: file('', 'FROM alpine', 'COPY $foo .', 'ARG foo=bar', 'RUN echo $foo'),
    warnings: [{ rule: 'UndefinedVar', line: 3, detail: "Usage of undefined variable '$foo'" }],
  },
  {
    check: 'UndefinedVar',
    name: 'a misspelt ARG with a suggestion',
    dockerfile:
      file('', 'FROM alpine', 'ARG DIR_BINARIES=binaries/', 'ARG DIR_ASSETS=assets/', 'ARG DIR_CONFIG=config/', 'COPY $DIR_ASSET .') + '\t',
    warnings: [{ rule: 'UndefinedVar', line: 6, detail: "Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?)" }],
  },
  {
    check: 'UndefinedVar',
    name: 'a misspelt PATH in ENV',
    dockerfile: file('', 'FROM alpine', 'ENV PATH=$PAHT:/tmp/bin') + '\t\t',
    warnings: [{ rule: 'UndefinedVar', line: 3, detail: "Usage of undefined variable '$PAHT' (did you mean $PATH?)" }],
  },

  // InvalidBaseImagePlatform: the test pushes a `FROM scratch` + `COPY` image built for the other architecture
  // (arm64 on an amd64 runner), then builds on it for the runner's own platform.
  {
    check: 'InvalidBaseImagePlatform',
    name: 'an image of another architecture than the build targets',
    dockerfile: file('', 'FROM localhost:5000/buildkit/testbaseimageplatform:latest', 'ENV foo=bar', '\t'),
    images: { 'localhost:5000/buildkit/testbaseimageplatform:latest': { platform: 'linux/arm64', env: [] } },
    platform: 'linux/amd64',
    warnings: [
      {
        rule: 'InvalidBaseImagePlatform',
        line: 2,
        detail:
          'Base image localhost:5000/buildkit/testbaseimageplatform:latest was pulled with platform "linux/arm64", expected "linux/amd64" for current build',
      },
    ],
  },

  // MultipleInstructionsDisallowed: reported on every instruction but the last of its kind.
  {
    check: 'MultipleInstructionsDisallowed',
    name: 'two of each in a row',
    divergence: "the rules are also hadolint's DL4004, DL4003 and DL3012, which report the later instruction, not the overridden one",
    dockerfile: file(
      '',
      'FROM scratch',
      'ENTRYPOINT ["/myapp"]',
      'ENTRYPOINT ["/myotherapp"]',
      'CMD ["/myapp"]',
      'CMD ["/myotherapp"]',
      'HEALTHCHECK CMD ["/myapp"]',
      'HEALTHCHECK CMD ["/myotherapp"]',
    ),
    warnings: [multiple(3, 'ENTRYPOINT'), multiple(5, 'CMD'), multiple(7, 'HEALTHCHECK')],
  },
  {
    check: 'MultipleInstructionsDisallowed',
    name: 'two of each with other instructions between',
    divergence: "the rules are also hadolint's DL4004, DL4003 and DL3012, which report the later instruction, not the overridden one",
    dockerfile: file(
      '',
      'FROM scratch',
      'ENTRYPOINT ["/myapp"]',
      'CMD ["/myapp"]',
      'HEALTHCHECK CMD ["/myapp"]',
      'COPY <<EOF /a.txt',
      'Hello, World!',
      'EOF',
      'ENTRYPOINT ["/myotherapp"]',
      'CMD ["/myotherapp"]',
      'HEALTHCHECK CMD ["/myotherapp"]',
    ),
    warnings: [multiple(3, 'ENTRYPOINT'), multiple(4, 'CMD'), multiple(5, 'HEALTHCHECK')],
  },
  {
    check: 'MultipleInstructionsDisallowed',
    name: 'one of each in a stage and in the stage built on it',
    dockerfile: file(
      '',
      'FROM scratch AS a',
      'ENTRYPOINT ["/myapp"]',
      'CMD ["/myapp"]',
      'HEALTHCHECK CMD ["/myapp"]',
      '',
      'FROM a AS b',
      'ENTRYPOINT ["/myotherapp"]',
      'CMD ["/myotherapp"]',
      'HEALTHCHECK CMD ["/myotherapp"]',
    ),
    warnings: [],
  },

  // LegacyKeyValueFormat
  {
    check: 'LegacyKeyValueFormat',
    name: 'ENV and LABEL with a space separator',
    dockerfile: file('', 'FROM scratch', 'ENV testkey value', 'LABEL key value'),
    warnings: [legacy(3, 'ENV'), legacy(4, 'LABEL')],
  },
  {
    check: 'LegacyKeyValueFormat',
    name: 'ENV and LABEL with =',
    dockerfile: file('', 'FROM scratch', 'ENV testkey=value', 'LABEL key=value'),
    warnings: [],
  },
  {
    // Upstream checks this file through the lint request, which lints every stage but does not compare lines;
    // the lines here are those of the two instructions.
    check: 'LegacyKeyValueFormat',
    name: 'in a stage the default target does not need',
    dockerfile: file('', 'FROM scratch AS a', '', 'FROM a AS b', 'ENV testkey value', 'LABEL key value', '', 'FROM a AS c'),
    warnings: [legacy(5, 'ENV'), legacy(6, 'LABEL')],
  },

  // RedundantTargetPlatform
  {
    check: 'RedundantTargetPlatform',
    name: '$TARGETPLATFORM',
    dockerfile: file('', 'FROM --platform=$TARGETPLATFORM scratch'),
    warnings: [
      {
        rule: 'RedundantTargetPlatform',
        line: 2,
        detail: 'Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
      },
    ],
  },
  {
    check: 'RedundantTargetPlatform',
    name: '${TARGETPLATFORM}',
    dockerfile: file('', 'FROM --platform=${TARGETPLATFORM} scratch'),
    warnings: [
      {
        rule: 'RedundantTargetPlatform',
        line: 2,
        detail: 'Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior',
      },
    ],
  },

  // InvalidDefaultArgInFrom: judged on the defaults, whatever the build arguments are.
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'an empty tag',
    dockerfile: file('', 'ARG VERSION', 'FROM busybox:$VERSION'),
    buildArgs: { VERSION: 'latest' },
    warnings: [invalidDefault(3, 'busybox:$VERSION')],
  },
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'an empty image',
    dockerfile: file('', 'ARG IMAGE', 'FROM $IMAGE'),
    buildArgs: { IMAGE: 'busybox:latest' },
    warnings: [invalidDefault(3, '$IMAGE')],
  },
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'a default that leaves an empty tag',
    dockerfile: file('', 'ARG SFX="box:"', 'FROM busy${SFX}'),
    buildArgs: { SFX: 'box:latest' },
    warnings: [invalidDefault(3, 'busy${SFX}')],
  },
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'a valid default tag',
    dockerfile: file('', 'ARG VERSION="latest"', 'FROM busybox:${VERSION}'),
    buildArgs: { VERSION: 'latest' },
    warnings: [],
  },
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'an empty default suffix',
    dockerfile: file('', 'ARG BUSYBOX_VARIANT=""', 'FROM busybox:stable${BUSYBOX_VARIANT}'),
    buildArgs: { BUSYBOX_VARIANT: '-musl' },
    warnings: [],
  },
  {
    check: 'InvalidDefaultArgInFrom',
    name: 'a suffix without a default, indented',
    dockerfile: file('', '\tARG BUSYBOX_VARIANT', '\tFROM busybox:stable${BUSYBOX_VARIANT}') + '\t',
    buildArgs: { BUSYBOX_VARIANT: '-musl' },
    warnings: [],
  },

  // FromPlatformFlagConstDisallowed
  {
    check: 'FromPlatformFlagConstDisallowed',
    name: 'a constant platform',
    dockerfile: file('', 'FROM --platform=linux/amd64 scratch'),
    warnings: [
      {
        rule: 'FromPlatformFlagConstDisallowed',
        line: 2,
        detail: 'FROM --platform flag should not use constant value "linux/amd64"',
      },
    ],
  },
  {
    check: 'FromPlatformFlagConstDisallowed',
    name: 'a stage name that contains the architecture',
    dockerfile: file('', 'FROM --platform=linux/amd64 scratch AS my_amd64_stage'),
    warnings: [],
  },
  {
    check: 'FromPlatformFlagConstDisallowed',
    name: 'a stage name that is the OS',
    dockerfile: file('', 'FROM --platform=linux/amd64 scratch AS linux'),
    warnings: [],
  },
  // How BuildKit reads check options: the directive's value ends at its first space; its linter reads the
  // directive only at the very start of a line, after a `#!` line it skips; an instruction takes the first
  // `check` comment since the instruction before (blank lines between included, an empty `#` dropping those
  // above it); the checks run over the whole file do not read those comments.
  {
    check: CHECK_OPTIONS,
    name: 'a space ends the directive value',
    dockerfile: file('# check=skip=JSONArgsRecommended, StageNameCasing', 'FROM scratch AS Bad', 'CMD foo'),
    warnings: [{ rule: 'StageNameCasing', line: 2, detail: "Stage name 'Bad' should be lowercase" }],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an indented directive is not read by the linter',
    dockerfile: file(' # check=skip=all', 'FROM scratch AS Bad'),
    warnings: [{ rule: 'StageNameCasing', line: 2, detail: "Stage name 'Bad' should be lowercase" }],
  },
  {
    check: CHECK_OPTIONS,
    name: 'the directive after a #! line',
    dockerfile: file('#!/usr/bin/env buildctl', '# check=skip=StageNameCasing', 'FROM scratch AS Bad', 'FROM scratch AS Bad2'),
    warnings: [],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an instruction comment separated by blank lines',
    dockerfile: file('FROM scratch', '', '# check=skip=JSONArgsRecommended', '', 'CMD foo'),
    warnings: [],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an empty comment drops the check comment above it',
    dockerfile: file('FROM scratch', '# check=skip=JSONArgsRecommended', '#', 'CMD foo'),
    warnings: [
      { rule: 'JSONArgsRecommended', line: 4, detail: 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals' },
    ],
  },
  {
    check: CHECK_OPTIONS,
    name: 'the first of two instruction check comments counts',
    dockerfile: file('FROM scratch', '# check=skip=MaintainerDeprecated', '# check=skip=JSONArgsRecommended', 'CMD foo'),
    warnings: [
      { rule: 'JSONArgsRecommended', line: 4, detail: 'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals' },
    ],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an instruction comment does not skip the casing check',
    dockerfile: file('FROM scratch', '# check=skip=ConsistentInstructionCasing', 'copy a b'),
    warnings: [casing(3, 'copy', 'uppercase')],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an instruction comment does not skip the duplicate stage check',
    dockerfile: file('FROM scratch AS a', '# check=skip=DuplicateStageName', 'FROM scratch AS a'),
    warnings: [{ rule: 'DuplicateStageName', line: 3, detail: 'Duplicate stage name "a", stage names should be unique' }],
  },
  {
    check: CHECK_OPTIONS,
    name: 'an instruction comment does not skip the empty continuation check',
    dockerfile: file('FROM scratch', '# check=skip=NoEmptyContinuation', 'COPY a \\', '', 'b'),
    warnings: [{ rule: 'NoEmptyContinuation', line: 5, detail: 'Empty continuation line' }],
  },
  // ConsistentInstructionCasing counts and checks the stages' instructions only.
  {
    check: 'ConsistentInstructionCasing',
    name: 'ARGs before the first FROM neither count nor are checked',
    dockerfile: file('arg a=1', 'arg b=2', 'arg c=3', 'FROM scratch', 'copy x y'),
    warnings: [casing(5, 'copy', 'uppercase')],
  },
  {
    check: 'ConsistentInstructionCasing',
    name: 'the keyword of an ONBUILD trigger is not checked',
    dockerfile: file('FROM scratch', 'ONBUILD run echo hi'),
    warnings: [],
  },
  // UndefinedVar: what BuildKit expands without reporting, and what its hint names.
  { check: 'UndefinedVar', name: 'a global ARG default', dockerfile: file('ARG A=$B', 'FROM scratch'), warnings: [] },
  { check: 'UndefinedVar', name: 'EXPOSE', dockerfile: file('FROM scratch', 'EXPOSE $PORT'), warnings: [] },
  {
    check: 'UndefinedVar',
    name: 'no hint of an ARG without a value',
    dockerfile: file('FROM scratch', 'ARG DIR_ASSETS', 'COPY $DIR_ASSET .'),
    warnings: [{ rule: 'UndefinedVar', line: 3, detail: "Usage of undefined variable '$DIR_ASSET'" }],
  },
];
