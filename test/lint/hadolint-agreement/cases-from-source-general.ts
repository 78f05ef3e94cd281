/**
 * Agreement cases with hadolint for the non-package-manager rules, derived from how hadolint's rule
 * implementations and its Dockerfile parser actually decide (instruction forms, flags, case sensitivity,
 * per-stage state, ONBUILD handling, command-name resolution), on edges its own specifications leave open.
 * Same shape and conventions as `cases.ts`.
 */
import type { AgreementCase } from './cases.js';
import { file } from './lines.js';


const REGISTRY = { settings: { trustedRegistries: ['my.registry.io'] } };

export const generalSourceCases: AgreementCase[] = [
  // DL1000: hadolint's parser rejects an unknown instruction, so the file is a parse error.
  { rule: 'DL1000', name: 'fires on an unknown instruction', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'FOM x') },

  // DL3000: the path is compared after dropping surrounding quotes; only plain instructions are checked.
  { rule: 'DL3000', name: 'quiet on a quoted absolute path', expect: 'clean', dockerfile: file('FROM debian:12', 'WORKDIR "/app"') },
  { rule: 'DL3000', name: 'quiet on a path starting with a variable', expect: 'clean', dockerfile: file('FROM debian:12', 'WORKDIR ${HOME}/app') },
  { rule: 'DL3000', name: 'quiet on a Windows drive path with forward slashes', expect: 'clean', dockerfile: file('FROM debian:12', 'WORKDIR d:/app') },
  { rule: 'DL3000', name: 'fires on a dot-relative path', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'WORKDIR ./app') },
  { rule: 'DL3000', name: 'fires on a home-relative path', expect: 'fires', dockerfile: file('FROM debian:12', 'WORKDIR ~/app') },
  { rule: 'DL3000', name: 'quiet on a relative WORKDIR inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD WORKDIR app') },

  // DL3001: the command name must be one of the listed tools, taken literally (no basename).
  { rule: 'DL3001', name: 'quiet on ifconfig, which the check does not list', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN ifconfig') },
  { rule: 'DL3001', name: 'fires on service in a chain', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN make && service nginx start') },
  { rule: 'DL3001', name: 'quiet on a tool name used as an argument', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN echo top kill') },
  { rule: 'DL3001', name: 'quiet on a tool behind sudo', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN sudo service nginx start') },
  { rule: 'DL3001', name: 'quiet on a tool by its path', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN /bin/ps aux') },
  { rule: 'DL3046', name: 'quiet on useradd behind sudo', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN sudo useradd -u 123456 app') },
  { rule: 'DL3047', name: 'quiet on wget by its path', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN /usr/bin/wget https://example.com/f') },
  { rule: 'DL4005', name: 'quiet on ln behind sudo', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN sudo ln -sf /bin/bash /bin/sh') },
  { rule: 'DL4001', name: 'quiet on curl behind sudo and wget', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN sudo curl -fsSLO https://a/x', 'RUN wget -q https://a/y') },
  { rule: 'DL3001', name: 'fires on a tool run through command', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN command ps aux') },

  // Ignore pragmas are keyed by the line below them: a comment line in between, or a second pragma, takes that line.
  { rule: 'DL3002', name: 'fires when a comment separates the ignore pragma from the USER', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', '# hadolint ignore=DL3002', '# run as root for the init script', 'USER root') },
  { rule: 'DL3002', name: 'fires when another pragma sits between the ignore pragma and the USER', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', '# hadolint ignore=DL3002', '# hadolint ignore=DL3006', 'USER root') },
  { rule: 'DL3002', name: 'quiet when the last of two stacked pragmas names the rule', expect: 'clean', dockerfile: file('FROM debian:12', '# hadolint ignore=DL3006', '# hadolint ignore=DL3002', 'USER root') },

  // DL3002: the last USER of every stage is judged, by exact root / 0 (optionally with a group).
  { rule: 'DL3002', name: 'fires on 0 with a named group', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'USER 0:root') },
  { rule: 'DL3002', name: 'quiet on an upper-case ROOT', expect: 'clean', dockerfile: file('FROM debian:12', 'USER ROOT') },
  { rule: 'DL3002', name: 'quiet on a user name starting with root', expect: 'clean', dockerfile: file('FROM debian:12', 'USER rootless') },
  { rule: 'DL3002', name: 'quiet on USER root inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD USER root') },
  {
    rule: 'DL3002',
    name: 'fires on a root stage even when a later stage switches away',
    expect: 'fires',
    lines: [2],
    dockerfile: file('FROM debian:12 AS build', 'USER root', 'FROM debian:12', 'USER app'),
  },

  // DL3003: plain RUN only (ONBUILD is not unwrapped), with command wrappers resolved.
  { rule: 'DL3003', name: 'quiet on cd inside ONBUILD RUN', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD RUN cd /tmp && make') },
  { rule: 'DL3003', name: 'fires on cd in a subshell', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN (cd /tmp && make)') },
  { rule: 'DL3003', name: 'fires on cd in exec form', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN ["cd", "/tmp"]') },
  { rule: 'DL3003', name: 'fires on cd after a ; in an exec-form sh -c script', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN ["sh", "-c", "echo hi; cd /tmp"]') },
  { rule: 'DL3003', name: 'fires on cd behind the command builtin', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN command cd /tmp') },
  { rule: 'DL3003', name: 'quiet on cd as an argument', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN echo cd /tmp') },
  { rule: 'DL3003', name: 'fires on cd behind exec -a name', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN exec -a shell cd /tmp') },
  {
    rule: 'DL3003',
    name: "quiet on cd inside sh -c '…'",
    divergence: 'hadolint does not read the script string of sh -c; a cd there hides the working directory all the same',
    expect: 'clean',
    dockerfile: file('FROM debian:12', "RUN sh -c 'cd /tmp && make'"),
  },
  {
    rule: 'DL3003',
    name: 'quiet on cd in the body of RUN bash <<EOF',
    divergence: 'hadolint only reads the body of a bare RUN <<EOF; bash runs this body as its script just the same',
    expect: 'clean',
    dockerfile: file('FROM debian:12', 'RUN bash <<EOF', 'cd /tmp', 'make', 'EOF'),
  },

  // DL3004: exec is looked through past its options -c, -l and -a name, and not at all past one it lacks.
  { rule: 'DL3004', name: 'fires on sudo behind exec', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN exec sudo make install') },
  { rule: 'DL3004', name: 'fires on sudo behind exec -a name', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN exec -a builder sudo make install') },
  { rule: 'DL3004', name: 'fires on sudo behind exec -cl', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN exec -cl sudo make install') },
  { rule: 'DL3004', name: 'fires on sudo behind exec --', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN exec -- sudo make install') },
  { rule: 'DL3004', name: 'quiet on sudo behind exec with an option it does not have', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN exec -x sudo make install') },
  { rule: 'DL3004', name: 'quiet on sudo as the name exec -a gives', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN exec -a sudo') },
  { rule: 'DL3004', name: 'quiet on sudo behind command -p', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN command -p sudo make install') },
  { rule: 'DL3004', name: 'fires on sudo in a command substitution', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN echo "$(sudo id -u)"') },
  {
    rule: 'DL3004',
    name: 'quiet on sudo by its path',
    divergence: 'hadolint matches only the bare name sudo; /usr/bin/sudo runs the same program',
    expect: 'clean',
    dockerfile: file('FROM debian:12', 'RUN /usr/bin/sudo make install'),
  },
  {
    rule: 'DL3004',
    name: "quiet on sudo inside sh -c '…'",
    divergence: 'hadolint does not read the script string of sh -c; sudo there runs in the build all the same',
    expect: 'clean',
    dockerfile: file('FROM debian:12', "RUN sh -c 'sudo make install'"),
  },
  { rule: 'DL3004', name: 'fires on sudo inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD RUN sudo make install') },
  { rule: 'DL3004', name: 'quiet on sudo as an argument', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN apt-get install -y sudo') },

  // DL3006: untagged images; a stage alias only counts once defined, and the registry is split off.
  { rule: 'DL3006', name: 'fires on an untagged image behind a registry', expect: 'fires', dockerfile: file('FROM my.registry.io/team/debian') },
  { rule: 'DL3006', name: 'fires on a stage name used before it is defined', expect: 'fires', lines: [1], dockerfile: file('FROM build', 'FROM debian:12 AS build') },
  { rule: 'DL3006', name: 'quiet on a braced variable image', expect: 'clean', dockerfile: file('ARG IMAGE=debian:12', 'FROM ${IMAGE}') },
  { rule: 'DL3006', name: 'quiet on a digest without a tag', expect: 'clean', dockerfile: file('FROM debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') },
  { rule: 'DL3006', name: 'fires on an untagged image with a platform', expect: 'fires', dockerfile: file('FROM --platform=$BUILDPLATFORM golang AS build') },

  // DL3007: exactly `latest`, unless a digest pins it.
  { rule: 'DL3007', name: 'quiet on latest pinned by a digest', expect: 'clean', dockerfile: file('FROM debian:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef') },
  { rule: 'DL3007', name: 'quiet on a tag that only starts with latest', expect: 'clean', dockerfile: file('FROM debian:latest-slim') },
  { rule: 'DL3007', name: 'fires on latest behind a registry with an alias', expect: 'fires', dockerfile: file('FROM my.registry.io/debian:latest AS base') },

  // DL3010: COPY (not from another stage) of an archive later extracted in the same stage; reported at the COPY.
  { rule: 'DL3010', name: 'fires at the COPY of an archive extracted later', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'COPY app.tar.gz /tmp/', 'RUN tar -xzf /tmp/app.tar.gz -C /opt') },
  { rule: 'DL3010', name: 'quiet when the archive is extracted in another stage', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.tar /tmp/', 'FROM debian:12', 'RUN tar -xf /tmp/app.tar') },
  { rule: 'DL3010', name: 'quiet on an archive copied from another stage', expect: 'clean', dockerfile: file('FROM debian:12 AS a', 'FROM debian:12', 'COPY --from=a /app.tar /tmp/', 'RUN tar -xf /tmp/app.tar') },
  { rule: 'DL3010', name: 'quiet on a zip, which is not an archive extension it knows', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY src.zip /tmp/', 'RUN unzip /tmp/src.zip') },
  { rule: 'DL3010', name: 'fires on an archive decompressed with gunzip', expect: 'fires', dockerfile: file('FROM debian:12', 'COPY data.gz /tmp/', 'RUN gunzip /tmp/data.gz') },
  { rule: 'DL3010', name: 'fires on the archive target name', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'COPY build-output /tmp/out.tar', 'RUN tar -xf /tmp/out.tar') },
  { rule: 'DL3010', name: 'quiet when tar only lists the archive', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar -tf /tmp/app.tar') },
  { rule: 'DL3010', name: 'fires on tar --extract', expect: 'fires', dockerfile: file('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar --extract --file /tmp/app.tar') },
  { rule: 'DL3010', name: 'quiet when a different archive is extracted', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar -xf /tmp/other.tar') },
  { rule: 'DL3010', name: 'quiet on ADD of an archive', expect: 'clean', dockerfile: file('FROM debian:12', 'ADD app.tar /tmp/', 'RUN tar -xf /tmp/app.tar') },

  // DL3011
  { rule: 'DL3011', name: 'quiet on the highest port', expect: 'clean', dockerfile: file('FROM debian:12', 'EXPOSE 65535') },
  { rule: 'DL3011', name: 'fires on a range ending past the limit', expect: 'fires', dockerfile: file('FROM debian:12', 'EXPOSE 8000-65536') },
  { rule: 'DL3011', name: 'fires on a port with a protocol past the limit', expect: 'fires', dockerfile: file('FROM debian:12', 'EXPOSE 80/tcp 70000/udp') },

  // DL3012: one HEALTHCHECK per stage; HEALTHCHECK NONE counts; ONBUILD does not.
  { rule: 'DL3012', name: 'fires on HEALTHCHECK NONE after a HEALTHCHECK', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'HEALTHCHECK CMD curl -f http://localhost/', 'HEALTHCHECK NONE') },
  { rule: 'DL3012', name: 'quiet on one HEALTHCHECK per stage', expect: 'clean', dockerfile: file('FROM debian:12', 'HEALTHCHECK CMD true', 'FROM debian:12', 'HEALTHCHECK CMD true') },
  { rule: 'DL3012', name: 'quiet on an ONBUILD HEALTHCHECK next to a HEALTHCHECK', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD HEALTHCHECK CMD true', 'HEALTHCHECK CMD true') },

  // DL3020: ADD is fine only when every source is an http(s) URL or has a known archive extension.
  { rule: 'DL3020', name: 'fires on an ftp URL', expect: 'fires', dockerfile: file('FROM debian:12', 'ADD ftp://example.com/file.txt /tmp/') },
  { rule: 'DL3020', name: 'fires on a zip', expect: 'fires', dockerfile: file('FROM debian:12', 'ADD app.zip /opt/') },
  { rule: 'DL3020', name: 'fires when only one of the sources is an archive', expect: 'fires', dockerfile: file('FROM debian:12', 'ADD app.tar.gz notes.txt /opt/') },
  { rule: 'DL3020', name: 'quiet on a quoted archive', expect: 'clean', dockerfile: file('FROM debian:12', 'ADD "app.txz" /opt/') },
  { rule: 'DL3020', name: 'quiet on ADD of a file inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD ADD app.py /opt/') },

  // DL3021: COPY only; the destination is compared after dropping quotes.
  { rule: 'DL3021', name: 'quiet on a quoted destination ending with a slash', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY a b "/dest/"') },
  { rule: 'DL3021', name: 'fires on a variable destination', divergence: 'hadolint requires a literal trailing slash; a variable destination may hold one, so dfkit does not judge it', expect: 'fires', dockerfile: file('FROM debian:12', 'COPY a b $DEST') },
  { rule: 'DL3021', name: 'quiet on ADD with several sources', expect: 'clean', dockerfile: file('FROM debian:12', 'ADD a b /dest') },
  { rule: 'DL3021', name: 'quiet on COPY inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD COPY a b /dest') },

  // DL3022: the stage being defined counts; stage numbers below the number of FROMs so far are fine.
  { rule: 'DL3022', name: 'quiet on the own stage name', expect: 'clean', dockerfile: file('FROM debian:12 AS build', 'COPY --from=build /a /b') },
  { rule: 'DL3022', name: 'quiet on the current stage number', expect: 'clean', dockerfile: file('FROM debian:12', 'FROM debian:12', 'COPY --from=1 /a /b') },
  { rule: 'DL3022', name: 'fires on a stage number not yet reached', expect: 'fires', dockerfile: file('FROM debian:12', 'COPY --from=1 /a /b') },
  { rule: 'DL3022', name: 'fires on a stage defined later', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'COPY --from=later /a /b', 'FROM debian:12 AS later') },
  { rule: 'DL3022', name: 'quiet on a COPY --from inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD COPY --from=nowhere /a /b') },

  // DL3023: only a stage alias can be referenced by itself; stage numbers are not resolved.
  { rule: 'DL3023', name: 'quiet on the base image name of an unnamed stage', expect: 'clean', dockerfile: file('FROM builder', 'COPY --from=builder /a /b') },
  { rule: 'DL3023', name: 'quiet on an earlier stage name', expect: 'clean', dockerfile: file('FROM debian:12 AS a', 'FROM debian:12 AS b', 'COPY --from=a /x /y') },
  { rule: 'DL3023', name: 'quiet on its own alias inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12 AS a', 'ONBUILD COPY --from=a /x /y') },

  // DL3024
  { rule: 'DL3024', name: 'fires on every repeat of a stage name', expect: 'fires', lines: [2, 3], dockerfile: file('FROM debian:12 AS a', 'FROM debian:12 AS a', 'FROM debian:12 AS a') },

  // DL3025: CMD, ENTRYPOINT and HEALTHCHECK CMD in shell form; a list that is not valid JSON is shell form.
  { rule: 'DL3025', name: 'fires on HEALTHCHECK CMD in shell form', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'HEALTHCHECK --interval=5s CMD curl -f http://localhost/') },
  { rule: 'DL3025', name: 'quiet on HEALTHCHECK CMD in exec form', expect: 'clean', dockerfile: file('FROM debian:12', 'HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]') },
  { rule: 'DL3025', name: 'quiet on HEALTHCHECK NONE', expect: 'clean', dockerfile: file('FROM debian:12', 'HEALTHCHECK NONE') },
  { rule: 'DL3025', name: 'fires on a single-quoted list', expect: 'fires', dockerfile: file('FROM debian:12', "CMD ['nginx', '-g', 'daemon off;']") },
  { rule: 'DL3025', name: 'quiet on a shell-form CMD inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD CMD nginx') },

  // DL3026: FROM, COPY --from and RUN --mount from= are checked; stage names are allowed.
  { rule: 'DL3026', name: 'quiet on a stage name used as a base', expect: 'clean', options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12 AS build', 'FROM build') },
  { rule: 'DL3026', name: 'fires on COPY --from an image of another registry', expect: 'fires', lines: [2], options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12', 'COPY --from=other.io/tools:1 /bin/tool /bin/') },
  { rule: 'DL3026', name: 'quiet on COPY --from a stage name', expect: 'clean', options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12 AS build', 'FROM my.registry.io/debian:12', 'COPY --from=build /a /b') },
  { rule: 'DL3026', name: 'fires on a cache mount from an image of another registry', expect: 'fires', lines: [2], options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12', 'RUN --mount=type=cache,from=other.io/cache:1,target=/root/.cache make') },
  { rule: 'DL3026', name: 'quiet on a cache mount without from', expect: 'clean', options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12', 'RUN --mount=type=cache,target=/root/.cache make') },
  { rule: 'DL3026', name: 'quiet on a bind mount from a stage name', expect: 'clean', options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12 AS build', 'FROM my.registry.io/debian:12', 'RUN --mount=type=bind,from=build,target=/src make') },
  { rule: 'DL3026', name: 'quiet on a registry matched by a trailing wildcard', expect: 'clean', options: { settings: { trustedRegistries: ['my.*'] } }, dockerfile: file('FROM my.registry.io/debian:12') },

  // DL3027
  { rule: 'DL3027', name: 'fires on apt inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD RUN apt install -y curl') },
  { rule: 'DL3027', name: 'quiet on apt as an argument', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN echo apt install') },

  // DL3029: a platform mentioning BUILDPLATFORM or TARGETPLATFORM anywhere is fine; any other value fires.
  { rule: 'DL3029', name: 'quiet on TARGETPLATFORM with a default', expect: 'clean', dockerfile: file('FROM --platform=${TARGETPLATFORM:-linux/amd64} debian:12') },
  { rule: 'DL3029', name: 'fires on a platform from another ARG', divergence: 'the rule also answers to BuildKit FromPlatformFlagConstDisallowed, which only flags constant platforms', expect: 'fires', dockerfile: file('ARG PLATFORM=linux/amd64', 'FROM --platform=$PLATFORM debian:12') },

  // DL3035
  { rule: 'DL3035', name: 'fires on dist-upgrade after a global flag', expect: 'fires', dockerfile: file('FROM opensuse/leap:15', 'RUN zypper -n dist-upgrade') },
  { rule: 'DL3035', name: 'fires on dup inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM opensuse/leap:15', 'ONBUILD RUN zypper dup') },

  // DL3043
  { rule: 'DL3043', name: 'quiet on ONBUILD RUN', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD RUN make') },

  // DL3044: a variable defined in the same ENV, referenced as ${X} or as $X followed by a non-name character.
  { rule: 'DL3044', name: 'quiet on a longer variable name sharing the prefix', expect: 'clean', dockerfile: file('FROM debian:12', 'ENV A=1 B=$AB') },
  { rule: 'DL3044', name: 'quiet on a name continued by an underscore', expect: 'clean', dockerfile: file('FROM debian:12', 'ENV A=1 B=$A_x') },
  { rule: 'DL3044', name: 'fires on a name followed by a dash', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV A=1 B=$A-x') },
  { rule: 'DL3044', name: 'fires on a braced reference inside text', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV A=1 B=pre${A}post') },
  { rule: 'DL3044', name: 'fires on a reference before the definition', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV B=$A A=1') },
  { rule: 'DL3044', name: 'quiet on a variable an earlier ARG defined', expect: 'clean', dockerfile: file('FROM debian:12', 'ARG A', 'ENV A=1 B=$A') },

  // DL3045: relative COPY destinations need a WORKDIR in the stage or the stage it is built on.
  { rule: 'DL3045', name: 'quiet when the parent stage set WORKDIR', expect: 'clean', dockerfile: file('FROM debian:12 AS base', 'WORKDIR /app', 'FROM base AS final', 'COPY app.py .') },
  { rule: 'DL3045', name: 'quiet on a Windows destination', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.py C:/app/') },
  { rule: 'DL3045', name: 'quiet on a quoted absolute destination', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.py "/app/"') },
  { rule: 'DL3045', name: 'fires when WORKDIR is only an ONBUILD trigger', expect: 'fires', dockerfile: file('FROM debian:12', 'ONBUILD WORKDIR /app', 'COPY app.py .') },
  { rule: 'DL3045', name: 'quiet on ADD to a relative destination', expect: 'clean', dockerfile: file('FROM debian:12', 'ADD app.py .') },
  { rule: 'DL3045', name: 'fires in an unrelated stage after a WORKDIR', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12 AS a', 'WORKDIR /app', 'FROM alpine:3 AS b', 'COPY app.py .') },

  // DL3046: the UID is the argument after -u; --uid without -u has no argument to measure.
  { rule: 'DL3046', name: 'quiet on --uid, whose value is not measured', divergence: 'hadolint accepts the --uid flag but only measures the value of -u, missing the same large UID', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN useradd --uid 123456 app') },
  { rule: 'DL3046', name: 'quiet on a five-digit UID', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN useradd -u 12345 app') },
  { rule: 'DL3046', name: 'fires on -u combined with another flag', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN useradd -mu 123456 app') },
  { rule: 'DL3046', name: 'quiet with --no-log-init', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN useradd --no-log-init -u 123456 app') },
  { rule: 'DL3046', name: 'fires inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD RUN useradd -u 123456 app') },

  // DL3047: progress, quiet, output, append-output and no-verbose options; flags are case sensitive.
  { rule: 'DL3047', name: 'fires on -O, which is not the log-file option', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN wget -O /tmp/f https://example.com/f') },
  { rule: 'DL3047', name: 'quiet on -o', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN wget -o /tmp/log https://example.com/f') },
  { rule: 'DL3047', name: 'quiet on -qO-', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN wget -qO- https://example.com/f') },
  { rule: 'DL3047', name: 'quiet on -a', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN wget -a /tmp/log https://example.com/f') },
  { rule: 'DL3047', name: 'fires on --output-document', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN wget --output-document=/tmp/f https://example.com/f') },
  { rule: 'DL3047', name: 'fires on -nc', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN wget -nc https://example.com/f') },
  { rule: 'DL3047', name: 'fires inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD RUN wget https://example.com/f') },

  // DL3048
  { rule: 'DL3048', name: 'quiet on underscores and slashes', expect: 'clean', dockerfile: file('FROM debian:12', 'LABEL my_app/role=web') },
  { rule: 'DL3048', name: 'fires on an upper-case letter inside the key', expect: 'fires', dockerfile: file('FROM debian:12', 'LABEL org.example.appName=web') },
  { rule: 'DL3048', name: 'fires on a trailing dot', expect: 'fires', dockerfile: file('FROM debian:12', 'LABEL org.example.=web') },
  { rule: 'DL3048', name: 'fires on a key starting with a digit', expect: 'fires', dockerfile: file('FROM debian:12', 'LABEL 1app=web') },
  { rule: 'DL3048', name: 'quiet on doubled underscores', expect: 'clean', dockerfile: file('FROM debian:12', 'LABEL app__role=web') },

  // DL3049: stages only used as COPY sources need no labels; a stage built on a labelled stage inherits them.
  { rule: 'DL3049', name: 'quiet on a stage only copied from', expect: 'clean', options: { settings: { labelSchema: { maintainer: 'text' } } }, dockerfile: file('FROM debian:12 AS build', 'FROM debian:12', 'COPY --from=build /a /b', 'LABEL maintainer=me') },
  { rule: 'DL3049', name: 'fires at an unlabelled stage nobody copies from', expect: 'fires', lines: [1], options: { settings: { labelSchema: { maintainer: 'text' } } }, dockerfile: file('FROM debian:12 AS build', 'FROM debian:12', 'LABEL maintainer=me') },
  { rule: 'DL3049', name: 'quiet on a stage built on a labelled stage', expect: 'clean', options: { settings: { labelSchema: { maintainer: 'text' } } }, dockerfile: file('FROM debian:12 AS base', 'LABEL maintainer=me', 'FROM base') },
  { rule: 'DL3049', name: 'fires when the label is only an ONBUILD trigger', expect: 'fires', options: { settings: { labelSchema: { maintainer: 'text' } } }, dockerfile: file('FROM debian:12', 'ONBUILD LABEL maintainer=me') },

  // DL3051-DL3058: label values.
  { rule: 'DL3052', name: 'quiet on a URI with a non-http scheme', expect: 'clean', options: { settings: { labelSchema: { urllabel: 'url' } } }, dockerfile: file('FROM debian:12', 'LABEL urllabel=mailto:me@example.com') },
  { rule: 'DL3052', name: 'fires on an empty value', expect: 'fires', lines: [2], options: { settings: { labelSchema: { urllabel: 'url' } } }, dockerfile: file('FROM debian:12', 'LABEL urllabel=""') },
  { rule: 'DL3055', name: 'fires on an empty value', expect: 'fires', lines: [2], options: { settings: { labelSchema: { githash: 'hash' } } }, dockerfile: file('FROM debian:12', 'LABEL githash=""') },
  { rule: 'DL3052', name: 'fires on a host without a scheme', expect: 'fires', options: { settings: { labelSchema: { urllabel: 'url' } } }, dockerfile: file('FROM debian:12', 'LABEL urllabel=example.com/path') },
  { rule: 'DL3053', name: 'fires on a date without a time', expect: 'fires', options: { settings: { labelSchema: { datelabel: 'rfc3339' } } }, dockerfile: file('FROM debian:12', 'LABEL datelabel=2024-01-31') },
  { rule: 'DL3053', name: 'quiet on a time with an offset', expect: 'clean', options: { settings: { labelSchema: { datelabel: 'rfc3339' } } }, dockerfile: file('FROM debian:12', 'LABEL datelabel=2024-01-31T10:00:00+01:00') },
  { rule: 'DL3054', name: 'fires on a license expression', divergence: 'OCI defines the licenses label as an SPDX expression; dfkit accepts expressions, hadolint only single identifiers', expect: 'fires', options: { settings: { labelSchema: { spdxlabel: 'spdx' } } }, dockerfile: file('FROM debian:12', 'LABEL spdxlabel="MIT OR Apache-2.0"') },
  // Label values hadolint's parsers accept and the standards do not (or the reverse), found by feeding both the same values.
  { rule: 'DL3053', name: 'quiet on a two-digit year', divergence: 'RFC 3339 dates have four-digit years; hadolint accepts 24-01-02T03:04:05Z', expect: 'clean', options: { settings: { labelSchema: { datelabel: 'rfc3339' } } }, dockerfile: file('FROM debian:12', 'LABEL datelabel=24-01-02T03:04:05Z') },
  { rule: 'DL3053', name: 'quiet on an offset without a colon', divergence: 'RFC 3339 writes the offset as +01:00; hadolint accepts +0100', expect: 'clean', options: { settings: { labelSchema: { datelabel: 'rfc3339' } } }, dockerfile: file('FROM debian:12', 'LABEL datelabel=2024-01-02T03:04:05+0100') },
  { rule: 'DL3056', name: 'quiet on a leading zero', divergence: 'SemVer 2.0 forbids leading zeros in numeric identifiers; hadolint accepts 01.2.3', expect: 'clean', options: { settings: { labelSchema: { version: 'semver' } } }, dockerfile: file('FROM debian:12', 'LABEL version=01.2.3') },
  { rule: 'DL3056', name: 'quiet on an empty pre-release', divergence: 'SemVer 2.0 needs an identifier after the hyphen; hadolint accepts 1.2.3-', expect: 'clean', options: { settings: { labelSchema: { version: 'semver' } } }, dockerfile: file('FROM debian:12', 'LABEL version=1.2.3-') },
  { rule: 'DL3054', name: 'fires on a lower-case identifier', divergence: 'SPDX matches license identifiers without regard to case; hadolint only accepts MIT as written in the list', expect: 'fires', options: { settings: { labelSchema: { spdxlabel: 'spdx' } } }, dockerfile: file('FROM debian:12', 'LABEL spdxlabel=mit') },
  { rule: 'DL3054', name: 'fires on a LicenseRef', divergence: 'SPDX allows LicenseRef- identifiers for licenses outside its list; hadolint rejects them', expect: 'fires', options: { settings: { labelSchema: { spdxlabel: 'spdx' } } }, dockerfile: file('FROM debian:12', 'LABEL spdxlabel=LicenseRef-acme-eula') },
  { rule: 'DL3054', name: 'quiet on an -or-later identifier', expect: 'clean', options: { settings: { labelSchema: { spdxlabel: 'spdx' } } }, dockerfile: file('FROM debian:12', 'LABEL spdxlabel=GPL-3.0-or-later') },
  { rule: 'DL3055', name: 'fires on an upper-case hash', expect: 'fires', options: { settings: { labelSchema: { githash: 'hash' } } }, dockerfile: file('FROM debian:12', 'LABEL githash=ABCDEF1') },
  { rule: 'DL3055', name: 'fires on an eight-character hash', divergence: 'git abbreviates commits to 7 or more digits depending on the repository; hadolint accepts only exactly 7 or 40', expect: 'fires', options: { settings: { labelSchema: { githash: 'hash' } } }, dockerfile: file('FROM debian:12', 'LABEL githash=abcdef12') },
  { rule: 'DL3058', name: 'fires on a display name with an address', expect: 'fires', options: { settings: { labelSchema: { maintainer: 'email' } } }, dockerfile: file('FROM debian:12', 'LABEL maintainer="Me <me@example.com>"') },

  // DL3059: comments do not separate RUNs; other instructions do; more than two commands on either side is fine.
  { rule: 'DL3059', name: 'fires across a comment', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', 'RUN make', '# then install', 'RUN make install') },
  { rule: 'DL3059', name: 'quiet when another instruction separates', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN make', 'ENV A=1', 'RUN make install') },
  { rule: 'DL3059', name: 'quiet when the mount flags differ', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN --mount=type=cache,target=/root/.cache make', 'RUN make install') },
  { rule: 'DL3059', name: 'quiet when the previous RUN has three commands', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN a && b && c', 'RUN d') },
  { rule: 'DL3059', name: 'quiet when the RUN has three commands in a pipeline', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN a', 'RUN b | c | d') },
  // hadolint counts each simple command twice (the redirection wrapper and the command), so a RUN of two
  // commands, one of them in a substitution, is already "more than two".
  { rule: 'DL3059', name: 'quiet on two commands counting a command substitution', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN echo $(date)', 'RUN e') },
  { rule: 'DL3059', name: 'fires after a long RUN resets the count', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', 'RUN a && b && c', 'RUN d', 'RUN e') },
  { rule: 'DL3059', name: 'quiet on consecutive ONBUILD RUNs', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD RUN a', 'ONBUILD RUN b') },
  { rule: 'DL3059', name: 'fires on an exec-form RUN after a shell-form RUN', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN a', 'RUN ["b"]') },

  // DL3061: every instruction other than ARG before the first FROM.
  { rule: 'DL3061', name: 'fires on each instruction before FROM', expect: 'fires', lines: [1, 2], dockerfile: file('ENV A=1', 'LABEL b=2', 'FROM debian:12') },
  { rule: 'DL3061', name: 'fires on RUN after ARG before FROM', expect: 'fires', lines: [2], dockerfile: file('ARG A=1', 'RUN true', 'FROM debian:12') },

  // DL3063
  { rule: 'DL3063', name: 'fires on context', expect: 'fires', dockerfile: file('FROM debian:12 AS context') },

  // DL3064: known names (any case) and suspicious substrings, in ARG and ENV, also inside ONBUILD.
  { rule: 'DL3064', name: 'fires on a lower-case known name', expect: 'fires', dockerfile: file('FROM debian:12', 'ARG github_token') },
  { rule: 'DL3064', name: 'fires on a substring inside a longer name', divergence: 'the rule joins BuildKit SecretsUsedInArgOrEnv, which ignores names with a version/file/public word', expect: 'fires', dockerfile: file('FROM debian:12', 'ARG TOKENIZER_VERSION=1') },
  { rule: 'DL3064', name: 'fires on the second ENV pair', divergence: 'the rule joins BuildKit SecretsUsedInArgOrEnv, which ignores names with a version/file/public word', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV A=1 DB_PASSWORD_FILE=/run/secrets/db') },
  { rule: 'DL3064', name: 'fires inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD ARG API_KEY') },
  { rule: 'DL3064', name: 'quiet on KEY alone', divergence: 'the rule joins BuildKit SecretsUsedInArgOrEnv, which flags apikey/key/auth words', expect: 'clean', dockerfile: file('FROM debian:12', 'ARG APIKEY') },

  // DL3065
  { rule: 'DL3065', name: 'fires on the braced TARGETPLATFORM', expect: 'fires', dockerfile: file('FROM --platform=${TARGETPLATFORM} debian:12') },
  { rule: 'DL3065', name: 'quiet on BUILDPLATFORM', expect: 'clean', dockerfile: file('FROM --platform=$BUILDPLATFORM debian:12') },

  // DL3066: the part before ':' must be digits or mention an ARG defined so far (by substring).
  { rule: 'DL3066', name: 'quiet on a numeric uid with a named group', expect: 'clean', dockerfile: file('FROM debian:12', 'USER 1000:app') },
  { rule: 'DL3066', name: 'fires on a named user with a numeric group', expect: 'fires', dockerfile: file('FROM debian:12', 'USER app:1000') },
  { rule: 'DL3066', name: 'fires on a variable only ENV defines', divergence: 'dfkit resolves the USER value (here to 1000); hadolint only trusts variables an ARG declares', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV UID=1000', 'USER $UID') },
  { rule: 'DL3066', name: 'quiet on a variable an ARG defines', expect: 'clean', dockerfile: file('FROM debian:12', 'ARG UID=1000', 'USER ${UID}') },

  // DL3067
  { rule: 'DL3067', name: 'fires on quoted roots', expect: 'fires', dockerfile: file('FROM debian:12 AS a', 'FROM debian:12', 'COPY --from=a "/" "/"') },
  { rule: 'DL3067', name: 'quiet on a root copy within the context', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY / /') },
  { rule: 'DL3067', name: 'quiet on a root source into a directory', expect: 'clean', dockerfile: file('FROM debian:12 AS a', 'FROM debian:12', 'COPY --from=a / /rootfs') },

  // DL4000
  { rule: 'DL4000', name: 'quiet on MAINTAINER inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD MAINTAINER me') },

  // DL4001: per stage for RUN; ONBUILD RUNs are tracked apart from plain RUNs.
  { rule: 'DL4001', name: 'fires on one RUN using both', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN curl -O https://a/x && wget https://a/y') },
  { rule: 'DL4001', name: 'quiet across stages', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN curl -O https://a/x', 'FROM debian:12', 'RUN wget https://a/y') },
  { rule: 'DL4001', name: 'quiet on a plain RUN and an ONBUILD RUN', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN curl -O https://a/x', 'ONBUILD RUN wget https://a/y') },
  { rule: 'DL4001', name: 'fires on the later of two ONBUILD RUNs', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'ONBUILD RUN curl -O https://a/x', 'ONBUILD RUN wget https://a/y') },

  // DL4003 / DL4004
  { rule: 'DL4003', name: 'quiet on an ONBUILD CMD and a CMD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD CMD a', 'CMD b') },
  { rule: 'DL4003', name: 'fires on each CMD after the first', expect: 'fires', lines: [3, 4], dockerfile: file('FROM debian:12', 'CMD a', 'CMD b', 'CMD c') },
  { rule: 'DL4004', name: 'quiet on one ENTRYPOINT per stage', expect: 'clean', dockerfile: file('FROM debian:12', 'ENTRYPOINT ["a"]', 'FROM debian:12', 'ENTRYPOINT ["b"]') },
  { rule: 'DL4004', name: 'quiet on an ONBUILD ENTRYPOINT and an ENTRYPOINT', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD ENTRYPOINT a', 'ENTRYPOINT b') },

  // DL4005
  { rule: 'DL4005', name: 'fires on /bin/sh as the link source', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN ln -s /bin/sh /usr/local/bin/sh') },
  { rule: 'DL4005', name: 'quiet on another sh path', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN ln -sf /bin/bash /usr/local/bin/sh') },
  { rule: 'DL4005', name: 'fires inside ONBUILD', expect: 'fires', count: 1, dockerfile: file('FROM debian:12', 'ONBUILD RUN ln -sf /bin/bash /bin/sh') },

  // DL4006: a pipe needs a SHELL of bash/zsh/ash with -o pipefail in the stage; ONBUILD RUN is not checked.
  { rule: 'DL4006', name: 'quiet with combined -eo pipefail', expect: 'clean', dockerfile: file('FROM debian:12', 'SHELL ["/bin/bash", "-eo", "pipefail", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'quiet with ash and pipefail', expect: 'clean', dockerfile: file('FROM alpine:3', 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'fires with sh and pipefail', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'SHELL ["/bin/sh", "-o", "pipefail", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'fires after a later SHELL drops pipefail', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["/bin/bash", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'fires despite set -o pipefail in the RUN', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN set -o pipefail && a | b') },
  { rule: 'DL4006', name: 'quiet on a pipe inside ONBUILD', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD RUN a | b') },
  { rule: 'DL4006', name: 'quiet on ||', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN a || b') },
  { rule: 'DL4006', name: 'fires on |&', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN a |& b') },
  { rule: 'DL4006', name: 'quiet after a cmd SHELL', expect: 'clean', dockerfile: file('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'SHELL ["cmd", "/S", "/C"]', 'RUN dir | findstr x') },
  { rule: 'DL4006', name: 'fires in a new unrelated stage', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'FROM debian:12', 'RUN a | b') },
  // Further edges.
  { rule: 'DL3010', name: 'quiet on tar options without a dash', expect: 'clean', divergence: 'hadolint only reads tar options that start with a dash and misses the common tar xzf form', dockerfile: file('FROM debian:12', 'COPY app.tgz /tmp/', 'RUN tar xzf /tmp/app.tgz') },
  { rule: 'DL3020', name: 'fires on a git source', expect: 'fires', divergence: 'COPY cannot fetch a git repository; hadolint only knows http(s) URLs', dockerfile: file('FROM debian:12', 'ADD git@github.com:example/repo.git /src') },
  { rule: 'DL3020', name: 'fires on an scp-style git source of another user', expect: 'fires', divergence: 'BuildKit fetches any user@host:path as a git repository, which COPY cannot', dockerfile: file('FROM debian:12', 'ADD deploy@gitlab.example.com:group/repo.git /src') },
  { rule: 'DL3044', name: 'quiet on a reference with a default value', divergence: 'hadolint only matches ${A} and bare $A, missing a reference with a default that still reads the A this ENV defines', expect: 'clean', dockerfile: file('FROM debian:12', 'ENV A=1 B=${A:-x}') },
  { rule: 'DL3026', name: 'fires on COPY --from a stage number', divergence: 'hadolint takes a stage number for an image name on the default registry; a stage is no registry image', expect: 'fires', options: REGISTRY, dockerfile: file('FROM my.registry.io/debian:12', 'FROM my.registry.io/debian:12', 'COPY --from=0 /a /b') },
  { rule: 'DL4001', name: 'fires on ONBUILD RUNs in different stages', divergence: 'hadolint never resets its ONBUILD state at FROM, although triggers of different stages run in different builds', expect: 'fires', lines: [4], dockerfile: file('FROM debian:12', 'ONBUILD RUN curl -O https://a/x', 'FROM debian:12', 'ONBUILD RUN wget https://a/y') },
  { rule: 'DL4006', name: 'fires with pipefail behind env', expect: 'fires', dockerfile: file('FROM debian:12', 'SHELL ["/usr/bin/env", "bash", "-o", "pipefail", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'fires after a pwsh SHELL given by path', divergence: 'hadolint only recognises PowerShell when the SHELL starts with its bare name; pwsh has no pipefail option', expect: 'fires', dockerfile: file('FROM debian:12', 'SHELL ["/usr/bin/pwsh", "-c"]', 'RUN a | b') },
  { rule: 'DL4006', name: 'fires on a pipe inside an exec-form bash -c', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN ["/bin/bash", "-c", "a | b"]') },
  { rule: 'DL3022', name: 'fires on an image name without a tag', expect: 'fires', dockerfile: file('FROM debian:12', 'COPY --from=nginx /etc/nginx /etc/nginx') },
  { rule: 'DL3022', name: 'quiet on an image with a tag', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY --from=nginx:1.25 /etc/nginx /etc/nginx') },
  { rule: 'DL3045', name: 'quiet on a destination starting with a variable', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.py $APP_HOME') },
  { rule: 'DL3025', name: 'fires on a shell-form ENTRYPOINT after an exec-form CMD', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'CMD ["run"]', 'ENTRYPOINT /entrypoint.sh') },
  // Found by linting some 1,900 public Dockerfiles with hadolint 2.15.1 and dfkit and comparing what each reported.
  { rule: 'DL3059', name: 'fires when the other RUN is a bracket test and one command', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'RUN apk add --no-cache git', "RUN [ -e /etc/nsswitch.conf ] && grep '^hosts: files dns' /etc/nsswitch.conf") },
  { rule: 'DL3059', name: 'quiet when the other RUN runs test and another command', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN a', 'RUN test -e /f && b') },
  { rule: 'DL3059', name: 'fires on a RUN whose script is not shell', expect: 'fires', lines: [3], dockerfile: file('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN mkdir C:\\tmp', "RUN Write-Host ('a {0}' -f $x); Remove-Item x") },
  { rule: 'DL4006', name: 'quiet on a pipe inside a shell-form bash -c string', expect: 'clean', dockerfile: file('FROM debian:12', "RUN sudo bash -c 'echo a | tr a b'") },
  { rule: 'DL4006', name: 'fires on a pipe in a substitution inside a double-quoted bash -c string', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN bash -c "v=$(a | b)"') },
  { rule: 'DL4006', name: 'quiet on a heredoc fed to bash', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN bash <<EOF', 'a | b', 'EOF') },
  { rule: 'DL4006', name: 'quiet on a PowerShell script run by powershell -Command', expect: 'clean', dockerfile: file('FROM mcr.microsoft.com/windows/servercore:ltsc2022', 'RUN powershell -Command (Get-Content x ^| Where-Object { $_ -match "a" })') },
  { rule: 'DL3066', name: 'quiet on a build argument with a user name as default', expect: 'clean', dockerfile: file('FROM debian:12', 'ARG USER="root"', 'USER $USER') },
  { rule: 'DL3020', name: 'fires on a variable an ENV sets to a plain file', expect: 'fires', dockerfile: file('FROM debian:12', 'ENV FMW_JAR=fmw_12.2.1.4.0_soa.jar', 'ADD $FMW_JAR /u01/') },
  { rule: 'DL3020', name: 'fires on a variable without a known value', divergence: 'a variable without a value here may hold a URL at build time; hadolint takes the text $URL for a local file', expect: 'fires', dockerfile: file('FROM debian:12', 'ADD $URL /opt/') },
  { rule: 'DL3020', name: 'fires on a variable an ARG sets to a git URL', divergence: 'dfkit judges the source by the value the ARG gives it, a repository COPY cannot fetch; hadolint reads the text as written', expect: 'fires', dockerfile: file('FROM debian:12', 'ARG REPO=https://github.com/jaegertracing/jaeger-ui.git', 'ADD ${REPO}#v1.0 /') },
  { rule: 'DL3006', name: 'quiet on a base image from an ARG whose default has no tag', divergence: 'dfkit resolves the FROM value with the ARG default (as the build does) before judging it; hadolint skips every image written with a variable', expect: 'clean', dockerfile: file('ARG BASE_IMAGE=quay.io/jupyter/docker-stacks-foundation', 'FROM $BASE_IMAGE') },
  { rule: 'DL3046', name: 'fires on -u with a variable of a long name', divergence: 'hadolint measures the text $USER_UID; dfkit measures the value the ARG gives it, 1000', expect: 'fires', dockerfile: file('FROM debian:12', 'ARG USER_UID=1000', 'RUN useradd -u $USER_UID -m vscode') },
  { rule: 'DL3046', name: 'fires on -u with a variable without a known value', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN useradd -u $USER_UID -m vscode') },
  { rule: 'DL3008', name: 'fires on a heredoc that starts the RUN and is fed to bash', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN <<EOT bash', 'set -ex', 'apt-get update', 'apt-get install -y --no-install-recommends git', 'EOT') },
  { rule: 'DL3008', name: 'fires on a heredoc that starts the RUN and is written to a file', divergence: 'cat writes this body to a file, nothing runs it here; hadolint reads the first heredoc of any RUN that starts with it as the script', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN <<EOT cat > /usr/local/bin/setup.sh', 'apt-get install -y foo', 'EOT') },
  { rule: 'DL4006', name: 'fires on a pipe in a heredoc that starts the RUN and is fed to bash', divergence: 'bash runs this body without pipefail whatever the SHELL says, so setting it would not help; hadolint reads the first heredoc of any RUN that starts with it as the SHELL\'s script', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN <<EOF bash', 'curl -fsSL https://example.com/x | tar -xz', 'EOF') },
  { rule: 'DL4006', name: 'fires on a pipe before a script string that does not parse', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN curl -fsSL https://example.com/x | sh -c "if true; then"') },
  { rule: 'DL3059', name: 'quiet after an exec-form sh -c of two commands', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN ["sh", "-c", "a && b"]', 'RUN c') },
  { rule: 'DL3059', name: 'fires after an exec-form sh -c of one command', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'RUN ["sh", "-c", "a"]', 'RUN c') },
  { rule: 'DL3059', name: 'quiet when a script string that does not parse follows a command', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN a && sh -c \'echo "\'', 'RUN b') },
  { rule: 'DL3066', name: 'fires on a build argument that can only give a name', expect: 'fires', dockerfile: file('FROM debian:12', 'ARG X', 'USER ${X:+app}') },
  { rule: 'DL3066', name: 'quiet on a build argument an ENV overrides with a name', divergence: 'the ENV, not the ARG, gives the user here, and it is a name; hadolint trusts any USER that mentions an ARG', expect: 'clean', dockerfile: file('FROM debian:12', 'ARG UID=1000', 'ENV UID=app', 'USER $UID') },
  { rule: 'DL3046', name: 'fires on -u $UID, measured as ${UID}', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN useradd -u $UID app') },
  // Found by linting mutants of these cases with hadolint 2.15.1 and dfkit.
  { rule: 'DL3033', name: 'fires on a group install', divergence: 'a package group has no version to pin; hadolint takes the group name for an unpinned package (its dnf rule, DL3041, skips groups)', expect: 'fires', dockerfile: file('FROM centos:7', 'RUN yum groups install -y "Development Tools" && yum clean all') },
  { rule: 'DL3041', name: 'fires on the value of --forcearch', divergence: 'aarch64 is the value of --forcearch, not a package; hadolint takes it for an unpinned package', expect: 'fires', dockerfile: file('FROM fedora:40', 'RUN dnf --forcearch aarch64 install -y foo-1.0 && dnf clean all') },
  { rule: 'DL3037', name: 'fires on the value of --plus-repo', divergence: 'the URL is the value of --plus-repo, not a package; hadolint takes it for an unpinned package', expect: 'fires', dockerfile: file('FROM opensuse/leap:15.6', 'RUN zypper --plus-repo https://example.com/repo in -y foo=1.0 && zypper clean') },
  { rule: 'DL3018', name: 'fires on command apk add of a pinned package', divergence: 'hadolint keeps the word apk among the arguments of command apk and takes it for an unpinned package', expect: 'fires', dockerfile: file('FROM alpine:3.19', 'RUN command apk add --no-cache curl=8.5.0') },
  { rule: 'DL3037', name: 'fires on command zypper install of a pinned package', divergence: 'hadolint keeps the word zypper among the arguments of command zypper and takes it for an unpinned package', expect: 'fires', dockerfile: file('FROM opensuse/leap:15.6', 'RUN command zypper install -y httpd=2.4.24 && zypper clean') },
  { rule: 'DL3023', name: 'quiet on COPY --from its own stage by number', divergence: 'stage 1 copying from stage 1 is the same self-reference as by name; hadolint compares names only', expect: 'clean', dockerfile: file('FROM debian:12', 'FROM debian:12', 'COPY --from=1 /a /b') },
  { rule: 'DL3010', name: 'quiet on an archive extracted in a stage that is not the last', divergence: 'hadolint forgets every finding of this rule at each FROM, so only the last stage is checked', expect: 'clean', dockerfile: file('FROM debian:12', 'COPY app.tar /tmp/', 'RUN tar -xf /tmp/app.tar', 'FROM debian:12') },
  { rule: 'DL3066', name: 'quiet on a user name in an ONBUILD trigger', divergence: 'the trigger sets the user of every image built on this one, with the same problem; hadolint does not look into ONBUILD for this rule', expect: 'clean', dockerfile: file('FROM debian:12', 'ONBUILD USER app') },
  // ShellCheck: what script hadolint hands over for a RUN, and which of ShellCheck's answers it keeps (all of them).
  { rule: 'ShellCheck', name: 'fires on the body of a RUN that is one heredoc', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN <<EOF', 'echo $1', 'EOF') },
  { rule: 'ShellCheck', name: 'quiet on a heredoc script with a python #! line', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN <<EOF', '#!/usr/bin/env python3', 'print("$x" + $y)', 'EOF') },
  { rule: 'ShellCheck', name: 'fires on a bash-only script under a bash #! line', divergence: 'the #! line chooses the interpreter BuildKit runs a heredoc script with; hadolint still checks it in the SHELL’s dialect', expect: 'fires', dockerfile: file('FROM debian:12', 'RUN <<EOF', '#!/bin/bash', 'echo "$RANDOM"', 'EOF') },
  { rule: 'ShellCheck', name: 'fires on the command line before a heredoc', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN echo $1 && cat <<EOF > /x', 'hello', 'EOF') },
  { rule: 'ShellCheck', name: 'quiet on a heredoc body the shell expands', divergence: 'the shell expands an unquoted heredoc fed to a command; hadolint checks only the text before the heredoc', expect: 'clean', dockerfile: file('FROM debian:12', 'RUN cat <<EOF > /x', 'hello $name', 'EOF') },
  { rule: 'ShellCheck', name: 'fires on a command that ends before its if is closed', expect: 'fires', lines: [2], dockerfile: file('FROM debian:12', 'RUN if true; then echo') },
  { rule: 'ShellCheck', name: 'fires on every RUN of a zsh SHELL, which ShellCheck cannot check', expect: 'fires', lines: [3], dockerfile: file('FROM debian:12', 'SHELL ["/bin/zsh", "-c"]', 'RUN echo ok') },
  { rule: 'ShellCheck', name: 'fires on a bash SHELL named without a path', divergence: 'hadolint writes the bare name as the #! line and reports ShellCheck’s SC2239 about that line, which is not in the Dockerfile', expect: 'fires', dockerfile: file('FROM debian:12', 'SHELL ["bash", "-c"]', 'RUN echo ok') },
  { rule: 'ShellCheck', name: 'fires on a bash SHELL behind env', divergence: 'hadolint takes env for the shell and reports ShellCheck’s SC1008 for an unknown #! line', expect: 'fires', dockerfile: file('FROM debian:12', 'SHELL ["/usr/bin/env", "bash", "-c"]', 'RUN echo "$RANDOM"') },
  { rule: 'ShellCheck', name: 'quiet on a stage built on an image named like an earlier stage with a tag', divergence: 'FROM base:latest names an image, not the stage base (a stage reference has no tag), so the stage’s SHELL is not inherited; hadolint compares only the name', expect: 'clean', dockerfile: file('FROM debian:12 AS base', 'SHELL ["/bin/bash", "-c"]', 'FROM base:latest', 'RUN echo "$RANDOM"') },
  { rule: 'ShellCheck', name: 'fires after a shell pragma that follows a global ARG', divergence: 'a shell pragma before the first FROM names the shell of every stage; hadolint forgets it at the first FROM when a global ARG came before it', expect: 'fires', dockerfile: file('ARG VERSION=1', '# hadolint shell=powershell', 'FROM debian:12', 'RUN echo $x') },
];
