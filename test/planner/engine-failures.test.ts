/**
 * The plan's errors against the real Docker engine: every Dockerfile here is built with both builders, and the
 * plan must report an error exactly when the engine fails the build — except where Docker 20.10's BuildKit is
 * known to accept what current BuildKit refuses, which the plan follows and the case documents.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { plan } from '../../src/planner/index.js';
import type { Builder } from '../../src/runtime/docker/engine-client.js';
import {
  BASE_IMAGE,
  buildContext,
  describeWithEngine,
  engineAvailable,
  ensureBaseImage,
  removeCreatedImages,
} from '../runtime/engine-harness.js';

const status = await engineAvailable();
const B = BASE_IMAGE;

interface FailureCase {
  readonly name: string;
  readonly dockerfile: string;
  readonly target?: string;
  /** Whether each builder fails the build, as measured. */
  readonly fails: Readonly<Record<Builder, boolean>>;
  /** The plan's error code when it reports one (per builder when they differ). */
  readonly code?: string | Readonly<Record<Builder, string>>;
  /** Where the plan follows current BuildKit and this engine's older BuildKit does not. */
  readonly planFailsUnderBuildKit?: string;
  /**
   * Where this engine's built-in Dockerfile frontend is older than the syntax the plan follows and refuses what
   * current BuildKit builds (why, and from which frontend version it builds): the plan reports no error.
   */
  readonly olderFrontendFails?: string;
  /**
   * Where this engine's Dockerfile parser, which Docker 20.10 shares between both builders, is older than the one
   * the plan follows and refuses what current BuildKit and Docker's legacy builder build: the plan reports no error.
   */
  readonly olderParserFails?: string;
}

const CASES: readonly FailureCase[] = [
  {
    name: 'COPY --from with a variable',
    dockerfile: `ARG X=a\nFROM ${B} AS a\nRUN touch /x\nFROM ${B}\nCOPY --from=$X /x /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'from-flag-variable',
  },
  {
    name: 'COPY --from a stage index out of range',
    dockerfile: `FROM ${B} AS a\nRUN touch /x\nFROM ${B}\nCOPY --from=5 /x /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-stage-index',
  },
  {
    name: 'COPY --from a stage defined further down',
    // A name no image in the engine has: the classic builder would copy from a local image of that name.
    dockerfile: `FROM ${B} AS b\nCOPY --from=dfkit-later-stage /bin/sh /x\nFROM ${B} AS dfkit-later-stage\nRUN touch /x\n`,
    target: 'b',
    fails: { classic: true, buildkit: false },
    code: 'stage-used-before-definition',
    planFailsUnderBuildKit:
      'Docker 20.10\'s BuildKit copies from the later stage\'s base image without its instructions; current BuildKit refuses the file',
  },
  {
    name: 'a blank base name',
    dockerfile: 'ARG BASE=\nFROM $BASE\nRUN true\n',
    fails: { classic: true, buildkit: true },
    code: 'blank-base-image',
  },
  {
    name: 'an upper-case base name',
    dockerfile: `FROM ${B.toUpperCase()}\nRUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-base-image',
  },
  {
    name: 'FROM Scratch',
    dockerfile: 'FROM Scratch\nCOPY Dockerfile /\n',
    fails: { classic: true, buildkit: true },
    code: 'invalid-base-image',
  },
  {
    name: 'an invalid base name in a stage the target does not need',
    dockerfile: `FROM ${B.toUpperCase()} AS x\nFROM ${B}\nRUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-base-image',
  },
  {
    name: 'a stage named in another letter case',
    dockerfile: `FROM ${B} AS base\nFROM BASE\nRUN true\n`,
    fails: { classic: false, buildkit: true },
    code: 'invalid-base-image',
  },
  {
    name: 'VOLUME of an empty string',
    dockerfile: `FROM ${B}\nVOLUME /data ""\n`,
    fails: { classic: true, buildkit: true },
    code: 'empty-volume',
  },
  {
    name: 'VOLUME of an unset variable',
    dockerfile: `FROM ${B}\nVOLUME $UNSET\n`,
    fails: { classic: true, buildkit: true },
    code: 'empty-volume',
  },
  {
    name: 'an empty VOLUME in a stage the target does not need',
    dockerfile: `FROM ${B} AS x\nVOLUME ""\nFROM ${B}\nRUN true\n`,
    fails: { classic: true, buildkit: false },
    code: 'empty-volume',
  },
  {
    name: 'a missing COPY source in a stage the target does not need',
    dockerfile: `FROM ${B} AS x\nCOPY missing /\nFROM ${B}\nRUN true\n`,
    fails: { classic: true, buildkit: false },
    code: 'source-not-found',
  },
  {
    name: 'FROM --platform=$BUILDPLATFORM',
    dockerfile: `FROM --platform=$BUILDPLATFORM ${B}\nRUN true\n`,
    fails: { classic: true, buildkit: false },
    code: 'invalid-platform',
  },
  {
    name: 'a FROM platform with four parts',
    dockerfile: `FROM --platform=linux/amd64/v2/x ${B}\nRUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-platform',
  },
  {
    name: 'EXPOSE of a name',
    dockerfile: `FROM ${B}\nEXPOSE http\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-port',
  },
  {
    name: 'EXPOSE with an unknown protocol, through a variable',
    dockerfile: `FROM ${B}\nENV PORT=80/xyz\nEXPOSE $PORT\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-port',
  },
  {
    name: 'COPY of a URL',
    dockerfile: `FROM ${B}\nCOPY http://127.0.0.1:9/file /file\n`,
    fails: { classic: true, buildkit: true },
    code: 'copy-remote-source',
  },
  {
    name: 'STOPSIGNAL of an unknown name',
    dockerfile: `FROM ${B}\nSTOPSIGNAL SIGNOPE\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-signal',
  },
  {
    name: 'STOPSIGNAL of a name in lower case and of a number',
    dockerfile: `FROM ${B}\nSTOPSIGNAL sigterm\nSTOPSIGNAL 9\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'WORKDIR of an unset variable',
    dockerfile: `FROM ${B}\nWORKDIR $UNSET\nRUN true\n`,
    fails: { classic: true, buildkit: false },
    code: 'empty-workdir',
  },
  {
    name: 'COPY of two files to a path without a trailing slash',
    dockerfile: `FROM ${B}\nCOPY one.txt two.txt /dest\n`,
    fails: { classic: true, buildkit: false },
    code: 'copy-destination-not-directory',
  },
  {
    name: 'COPY of a wildcard matching two files to a path without a trailing slash',
    dockerfile: `FROM ${B}\nCOPY *.txt /dest\n`,
    fails: { classic: true, buildkit: false },
    code: 'copy-destination-not-directory',
  },
  {
    name: 'COPY of a wildcard matching one file to a path without a trailing slash',
    dockerfile: `FROM ${B}\nCOPY one.* /dest\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'two stages of one name',
    dockerfile: `FROM ${B} AS a\nFROM a AS b\nFROM b AS A\nRUN true\n`,
    fails: { classic: true, buildkit: false },
    code: 'duplicate-stage-name',
  },
  {
    name: 'RUN of an empty JSON list',
    dockerfile: `FROM ${B}\nRUN []\n`,
    fails: { classic: true, buildkit: true },
    code: 'empty-command',
  },
  {
    name: 'an ONBUILD trigger that fails where the stage built on it runs it',
    dockerfile: `FROM ${B} AS base\nONBUILD STOPSIGNAL NOPE\nFROM base\nRUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-signal',
  },
  {
    name: 'an ONBUILD trigger that would fail, in a stage nothing builds on',
    dockerfile: `FROM ${B} AS base\nONBUILD COPY missing /x\nRUN true\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'COPY --from with a variable in a stage after the target',
    dockerfile: `FROM ${B} AS t\nRUN true\nFROM ${B}\nCOPY --from=$X /x /x\n`,
    target: 't',
    fails: { classic: false, buildkit: true },
    code: 'from-flag-variable',
  },
  {
    name: 'COPY --from a stage index out of range in a stage after the target',
    dockerfile: `FROM ${B} AS t\nRUN true\nFROM ${B}\nCOPY --from=5 /x /y\n`,
    target: 't',
    fails: { classic: false, buildkit: true },
    code: 'invalid-stage-index',
  },
  {
    name: 'COPY --chmod of a number that is not octal',
    dockerfile: `FROM ${B}\nCOPY --chmod=999 one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-chmod' },
    planFailsUnderBuildKit: 'Docker 20.10\'s BuildKit ignores a --chmod value it cannot read (measured); current BuildKit refuses it',
  },
  {
    name: 'COPY --chmod of an octal mode over 7777',
    dockerfile: `FROM ${B}\nCOPY --chmod=17777 one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-chmod' },
    planFailsUnderBuildKit: 'Docker 20.10\'s BuildKit ignores a --chmod value it cannot read (measured); current BuildKit refuses it',
  },
  {
    name: 'COPY --chmod of a word that is no mode',
    dockerfile: `FROM ${B}\nCOPY --chmod=bogus one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-chmod' },
    planFailsUnderBuildKit: 'Docker 20.10\'s BuildKit ignores a --chmod value it cannot read (measured); current BuildKit refuses it',
  },
  {
    name: 'COPY --chmod of an octal mode from a variable',
    dockerfile: `FROM ${B}\nARG MODE=0640\nCOPY --chmod=$MODE one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: 'unsupported-flag',
  },
  {
    name: 'COPY --chmod of a symbolic mode',
    dockerfile: `FROM ${B}\nCOPY --chmod=u+x,go-w one.txt /x\n`,
    // Docker 20.10's BuildKit ignores it (the file keeps its mode); current BuildKit applies it.
    fails: { classic: true, buildkit: false },
    code: 'unsupported-flag',
  },
  {
    name: 'a RUN bind mount of a wildcard source (mounted as a path of that name)',
    dockerfile: `FROM ${B}\nRUN --mount=type=bind,source=*.txt,target=/m true\n`,
    fails: { classic: true, buildkit: true },
    code: { classic: 'unsupported-flag', buildkit: 'source-not-found' },
  },
  {
    name: 'ADD --checksum of a file of the context',
    dockerfile: `FROM ${B}\nADD --checksum=sha256:${'0'.repeat(64)} one.txt /x\n`,
    // Docker 20.10 does not know the flag; current BuildKit refuses it for a context file.
    fails: { classic: true, buildkit: true },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-checksum' },
  },
  {
    name: 'RUN --network (stable from Dockerfile 1.3; Docker 20.10\'s built-in frontend does not know the flag)',
    dockerfile: `FROM ${B}\nRUN --network=host true\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'RUN --network is part of Dockerfile 1.3 and later',
  },
  {
    name: 'a tmpfs mount given a size (Dockerfile 1.3 and later)',
    dockerfile: `FROM ${B}\nRUN --mount=type=tmpfs,target=/t,size=65536 true\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'the size option of a tmpfs mount is part of Dockerfile 1.3 and later',
  },
  {
    name: 'COPY --link (Dockerfile 1.4)',
    dockerfile: `FROM ${B}\nCOPY --link one.txt /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'COPY --link is part of Dockerfile 1.4 and later',
  },
  {
    name: 'COPY --parents (Dockerfile 1.7-labs, stable in 1.20)',
    dockerfile: `FROM ${B}\nCOPY --parents one.txt /x/\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'COPY --parents is part of Dockerfile 1.7-labs and 1.20',
  },
  {
    name: 'COPY --exclude (Dockerfile 1.7-labs, stable in 1.19)',
    dockerfile: `FROM ${B}\nCOPY --exclude=two.txt . /x/\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'COPY --exclude is part of Dockerfile 1.7-labs and 1.19',
  },
  {
    name: 'a RUN heredoc (Dockerfile 1.4; the classic builder reads its lines as instructions)',
    dockerfile: `FROM ${B}\nRUN <<EOF\necho hi\nEOF\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-heredoc',
    olderFrontendFails: 'heredocs are part of Dockerfile 1.4 and later',
  },
  {
    name: 'a COPY heredoc (Dockerfile 1.4; the classic builder reads its lines as instructions)',
    dockerfile: `FROM ${B}\nCOPY <<EOF /x\nhi\nEOF\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-heredoc',
    olderFrontendFails: 'heredocs are part of Dockerfile 1.4 and later',
  },
  {
    name: 'ADD --keep-git-dir (unknown to this engine\'s built-in frontend)',
    dockerfile: `FROM ${B}\nADD --keep-git-dir=true one.txt /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'Docker 20.10\'s built-in frontend does not know ADD --keep-git-dir',
  },
  {
    name: 'HEALTHCHECK --start-interval (newer than this engine\'s parser)',
    dockerfile: `FROM ${B}\nHEALTHCHECK --start-interval=5s CMD true\n`,
    fails: { classic: true, buildkit: true },
    olderParserFails: 'Docker 20.10 does not know --start-interval',
  },
  {
    name: 'HEALTHCHECK --retries=0',
    dockerfile: `FROM ${B}\nHEALTHCHECK --retries=0 CMD true\n`,
    fails: { classic: true, buildkit: true },
    olderParserFails: 'Docker 20.10 wants at least 1 retry; current BuildKit refuses only negative counts',
  },
  {
    name: 'RUN --security (Dockerfile 1.20, labs before)',
    dockerfile: `FROM ${B}\nRUN --security=insecure true\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'RUN --security is part of Dockerfile 1.20 and the labs releases before it',
  },
  {
    name: 'RUN --device (labs only)',
    dockerfile: `FROM ${B}\nRUN --device=name true\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'RUN --device is part of the labs releases from 1.14-labs',
  },
  {
    name: 'ADD --chmod',
    dockerfile: `FROM ${B}\nADD --chmod=644 one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: 'unsupported-flag',
  },
  {
    name: 'ADD --unpack (Dockerfile 1.17)',
    dockerfile: `FROM ${B}\nADD --unpack=true one.txt /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'ADD --unpack is part of Dockerfile 1.17 and later',
  },
  {
    name: 'COPY --link=false (a flag this engine does not know, even off)',
    dockerfile: `FROM ${B}\nCOPY --link=false one.txt /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'COPY --link is part of Dockerfile 1.4 and later',
  },
  {
    name: 'ENV of a name alone',
    dockerfile: `FROM ${B}\nENV A\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-missing-value',
  },
  {
    name: 'LABEL of a key alone',
    dockerfile: `FROM ${B}\nLABEL a\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-missing-value',
  },
  {
    name: 'SHELL in the shell form',
    dockerfile: `FROM ${B}\nSHELL /bin/sh -c\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-shell-not-json',
  },
  {
    name: 'MAINTAINER with nothing',
    dockerfile: `FROM ${B}\nMAINTAINER\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-argument-count',
  },
  {
    name: 'ONBUILD FROM',
    dockerfile: `FROM ${B}\nONBUILD FROM x\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-onbuild-trigger',
  },
  {
    name: 'ONBUILD MAINTAINER',
    dockerfile: `FROM ${B}\nONBUILD MAINTAINER x\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-onbuild-trigger',
  },
  {
    name: 'ONBUILD ONBUILD',
    dockerfile: `FROM ${B}\nONBUILD ONBUILD RUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-onbuild-chain',
  },
  {
    name: 'ARG with nothing',
    dockerfile: `FROM ${B}\nARG\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-argument-count',
  },
  {
    name: 'EXPOSE with nothing',
    dockerfile: `FROM ${B}\nEXPOSE\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-argument-count',
  },
  {
    name: 'USER with nothing',
    dockerfile: `FROM ${B}\nUSER\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-argument-count',
  },
  {
    name: 'FROM with nothing',
    dockerfile: `FROM\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-from-arguments',
  },
  {
    name: 'COPY of one argument',
    dockerfile: `FROM ${B}\nCOPY one.txt\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-missing-destination',
  },
  {
    name: 'HEALTHCHECK NONE with arguments',
    dockerfile: `FROM ${B}\nHEALTHCHECK NONE extra\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-healthcheck-arguments',
  },
  {
    name: 'HEALTHCHECK CMD with no command',
    dockerfile: `FROM ${B}\nHEALTHCHECK CMD\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-healthcheck-arguments',
  },
  {
    name: 'an unknown HEALTHCHECK flag',
    dockerfile: `FROM ${B}\nHEALTHCHECK --bogus=1 CMD true\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-unknown-flag',
  },
  {
    name: 'an unknown RUN flag',
    dockerfile: `FROM ${B}\nRUN --bogus true\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-unknown-flag',
  },
  {
    name: 'an unknown FROM flag',
    dockerfile: `FROM --bogus=1 ${B}\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-unknown-flag',
  },
  {
    name: 'STOPSIGNAL of two words',
    dockerfile: `FROM ${B}\nSTOPSIGNAL 9 10\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-signal',
  },
  {
    name: 'CMD with nothing (an empty command, no error)',
    dockerfile: `FROM ${B}\nCMD\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'WORKDIR of two words (one path with a blank in it)',
    dockerfile: `FROM ${B}\nWORKDIR /a /b\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'a bind mount source from an ARG (expanded by current BuildKit)',
    dockerfile: `FROM ${B}\nARG S=one.txt\nRUN --mount=type=bind,source=$S,target=/m cat /m\n`,
    fails: { classic: true, buildkit: true },
    code: 'unsupported-flag',
    olderFrontendFails: 'Docker 20.10\'s built-in frontend reads mount options as written and looks for a file named $S',
  },
  {
    name: 'a cache mount sharing mode from an ARG that holds no mode',
    dockerfile: `FROM ${B}\nARG S=bogus\nRUN --mount=type=cache,target=/c,sharing=$S true\n`,
    // Docker 20.10 reads the value as written and refuses it; current BuildKit refuses what it expands to.
    fails: { classic: true, buildkit: true },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-mount' },
  },
  {
    name: 'COPY --chown with two colons',
    dockerfile: `FROM ${B}\nARG OWNER=1:2:3\nCOPY --chown=$OWNER one.txt /x\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-chown',
  },
  {
    name: 'COPY --chown with an empty user',
    dockerfile: `FROM ${B}\nCOPY --chown=:1 two.txt /y\n`,
    fails: { classic: true, buildkit: false },
    code: 'invalid-chown',
  },
  {
    name: 'COPY --chown with an empty group',
    dockerfile: `FROM ${B}\nCOPY --chown=1: one.txt /x\n`,
    fails: { classic: true, buildkit: false },
    code: 'invalid-chown',
  },
  {
    name: 'a RUN mount whose target is the root',
    dockerfile: `FROM ${B}\nWORKDIR /app\nRUN --mount=type=tmpfs,target=.. true\n`,
    fails: { classic: true, buildkit: true },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-mount-target' },
  },
  {
    name: 'RUN --mount',
    dockerfile: `FROM ${B}\nRUN --mount=type=tmpfs,target=/t true\n`,
    fails: { classic: true, buildkit: false },
    code: 'unsupported-flag',
  },
  {
    name: 'a target stage that is scratch with nothing on it',
    dockerfile: `FROM ${B}\nRUN true\nFROM scratch\n`,
    fails: { classic: true, buildkit: false },
    code: 'no-image-generated',
  },
  {
    name: 'a target built FROM a stage that is scratch with nothing on it, named through an ARG',
    dockerfile: `ARG BASE=scratch\nFROM $BASE AS empty\nFROM empty AS t\nFROM ${B}\nRUN true\n`,
    target: 't',
    fails: { classic: true, buildkit: false },
    code: 'no-image-generated',
  },
  {
    name: 'a scratch stage before the target, with nothing on it',
    dockerfile: `FROM scratch\nFROM ${B}\nRUN true\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'COPY of a path above the context',
    dockerfile: `FROM ${B}\nCOPY ../one.txt /x/\n`,
    fails: { classic: true, buildkit: false },
    code: 'source-outside-context',
  },
  {
    name: 'WORKDIR of an empty string',
    dockerfile: `FROM ${B}\nWORKDIR ""\n`,
    fails: { classic: true, buildkit: false },
    code: 'empty-workdir',
  },
  {
    name: 'a COPY of a lone wildcard that matches nothing (BuildKit copies nothing)',
    dockerfile: `FROM ${B}\nCOPY nomatch* /d/\n`,
    fails: { classic: true, buildkit: false },
    code: 'source-no-match',
  },
  {
    name: 'a wildcard that matches nothing next to a source that exists',
    dockerfile: `FROM ${B}\nCOPY one.txt nomatch* /d/\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'an ADD of a lone wildcard that matches nothing',
    dockerfile: `FROM ${B}\nADD nomatch* /d/\n`,
    fails: { classic: true, buildkit: false },
    code: 'source-no-match',
  },
  {
    name: 'a stage name starting with a digit',
    dockerfile: `FROM ${B} AS 1st\nRUN true\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-invalid-stage-name',
  },
  {
    name: 'EXPOSE of port 70000',
    dockerfile: `FROM ${B}\nEXPOSE 70000\n`,
    fails: { classic: true, buildkit: true },
    code: 'invalid-port',
  },
  {
    name: 'EXPOSE of port 0',
    dockerfile: `FROM ${B}\nEXPOSE 0\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'a cache mount with an empty target',
    dockerfile: `FROM ${B}\nRUN --mount=type=cache,target= true\n`,
    fails: { classic: true, buildkit: true },
    code: { classic: 'unsupported-flag', buildkit: 'invalid-mount-target' },
  },
  {
    name: 'HEALTHCHECK with an interval under 1ms',
    dockerfile: `FROM ${B}\nHEALTHCHECK --interval=1us CMD true\n`,
    fails: { classic: true, buildkit: true },
    code: 'parse-invalid-duration',
  },
  {
    name: 'USER of an unset variable',
    dockerfile: `FROM ${B}\nUSER $UNSET\nRUN true\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'an ARG name with a dash',
    dockerfile: `FROM ${B}\nARG A-B=1\nRUN true\n`,
    fails: { classic: false, buildkit: false },
  },
  {
    name: 'an ENV name with a dash',
    dockerfile: `FROM ${B}\nENV A-B=1\nRUN true\n`,
    fails: { classic: false, buildkit: false },
  },
];

for (const builder of ['classic', 'buildkit'] as const) {
  describeWithEngine(status, `plan errors agree with the engine's failures (${builder})`, () => {
    let dir = '';

    beforeAll(async () => {
      await ensureBaseImage();
      dir = await mkdtemp(join(tmpdir(), `dfkit-failures-${builder}-`));
    }, 120_000);

    afterAll(async () => {
      await removeCreatedImages();
      if (dir) await rm(dir, { recursive: true, force: true });
    }, 120_000);

    for (const failure of CASES) {
      it(failure.name, async () => {
        await writeFile(join(dir, 'Dockerfile'), failure.dockerfile);
        await writeFile(join(dir, 'one.txt'), 'one');
        await writeFile(join(dir, 'two.txt'), 'two');
        const options = failure.target ? { target: failure.target } : {};
        const built = await buildContext(dir, null, builder, options);
        expect(built.error !== undefined, `the engine ${built.error ? `failed: ${built.error.message}` : 'built it'}`).toBe(
          failure.fails[builder],
        );
        const planned = await plan(failure.dockerfile, { context: dir, builder, ...options, cacheDir: false });
        const errors = planned.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
        const planFails =
          (builder === 'buildkit' && failure.olderFrontendFails !== undefined) || failure.olderParserFails !== undefined
            ? false
            : failure.fails[builder] || (builder === 'buildkit' && failure.planFailsUnderBuildKit !== undefined);
        const code = typeof failure.code === 'object' ? failure.code[builder] : failure.code;
        expect(errors.map((error) => error.code)).toEqual(planFails ? [code] : []);
      }, 60_000);
    }
  });
}
