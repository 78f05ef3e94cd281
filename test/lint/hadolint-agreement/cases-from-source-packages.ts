/**
 * Agreement cases for hadolint's package-manager rules, derived from how its rule implementations find
 * commands and read their arguments rather than from its spec tests: a command is known by its first word as
 * written (no basename, no looking through `sudo` or `env`, but through `command` and through `exec` past its
 * options `-c`, `-l` and `-a name`), the script string of `sh -c '…'` is not read, command substitutions are,
 * only the body of a bare `RUN <<EOF` is a script, and exec form is read as the words of one command. Same
 * shape as in cases.ts.
 */
import type { AgreementCase } from './cases.js';
import { file } from './lines.js';


function fires(rule: string, name: string, ...lines: string[]): AgreementCase {
  return { rule, name: `fires on: ${name}`, expect: 'fires', dockerfile: file(...lines) };
}

function quiet(rule: string, name: string, ...lines: string[]): AgreementCase {
  return { rule, name: `quiet on: ${name}`, expect: 'clean', dockerfile: file(...lines) };
}

const GO_PATH_WITHOUT_DOT =
  'a path without a dot in its first element names the standard library or a package of the main module, which ' +
  'cannot take @version; hadolint asks for one';

const SIMULATED_APT_INSTALL =
  'a simulated apt-get install (-s and its other spellings) installs nothing and never prompts, which is how the ' +
  'official postgres image asks whether a package exists; hadolint takes it for a real install';

const SIMULATED_APK_ADD = 'apk add --simulate changes and downloads nothing; hadolint takes it for a real add';

const DECLINED_RPM_INSTALL = 'with --assumeno, yum and dnf answer no themselves and install nothing; hadolint takes it for a real install';

/** The way the official postgres image tests whether a package exists. */
const APT_PACKAGE_EXISTS = 'RUN if apt-get install -s "postgresql-16-pgvector" > /dev/null 2>&1; then echo yes; fi';

export const packageSourceCases: AgreementCase[] = [
  // DL3014: which commands count as apt-get.
  quiet('DL3014', 'sudo apt-get install', 'FROM debian:12', 'RUN sudo apt-get install curl'),
  quiet('DL3014', 'apt-get by its path', 'FROM debian:12', 'RUN /usr/bin/apt-get install curl'),
  quiet('DL3014', "apt-get inside sh -c '…'", 'FROM debian:12', "RUN sh -c 'apt-get install curl'"),
  quiet('DL3014', 'env A=1 apt-get install', 'FROM debian:12', 'RUN env DEBIAN_FRONTEND=noninteractive apt-get install curl'),
  quiet('DL3014', 'the body of RUN bash <<EOF', 'FROM debian:12', 'RUN bash <<EOF', 'apt-get install curl', 'EOF'),
  quiet('DL3014', '(ONBUILD) sudo apt-get install', 'FROM debian:12', 'ONBUILD RUN sudo apt-get install curl'),
  fires('DL3014', 'an assignment before apt-get', 'FROM debian:12', 'RUN DEBIAN_FRONTEND=noninteractive apt-get install curl'),
  fires('DL3014', 'command apt-get install', 'FROM debian:12', 'RUN command apt-get install curl'),
  fires('DL3014', 'exec -a name apt-get install', 'FROM debian:12', 'RUN exec -a installer apt-get install curl'),
  quiet('DL3014', 'exec with an option it does not have', 'FROM debian:12', 'RUN exec -x apt-get install curl'),
  { ...fires('DL3014', 'the body of a bare RUN <<EOF', 'FROM debian:12', 'RUN <<EOF', 'apt-get install curl', 'EOF'), lines: [2] },
  {
    ...quiet('DL3014', 'apt-get after a heredoc on the same line', 'FROM debian:12', 'RUN cat <<EOF > /etc/motd && apt-get install curl', 'hello', 'EOF'),
    divergence: 'the shell runs the whole line; hadolint reads a line that feeds a heredoc only up to the heredoc marker',
  },
  fires('DL3014', 'apt-get in a command substitution', 'FROM debian:12', 'RUN echo $(apt-get install curl)'),
  fires('DL3014', 'a quoted "apt-get"', 'FROM debian:12', 'RUN "apt-get" install curl'),
  fires('DL3014', 'exec form', 'FROM debian:12', 'RUN ["apt-get", "install", "curl"]'),
  quiet('DL3014', '-q=2', 'FROM debian:12', 'RUN apt-get -q=2 install curl'),
  quiet('DL3014', '--assume-yes after the packages', 'FROM debian:12', 'RUN apt-get install curl --assume-yes'),
  {
    ...fires('DL3014', '-qqq', 'FROM debian:12', 'RUN apt-get -qqq install curl'),
    divergence: 'hadolint takes only exactly two -q as implying -y; apt-get answers yes from quiet level 2 up, so -qqq needs no -y',
  },
  {
    ...fires('DL3014', '--quiet=2', 'FROM debian:12', 'RUN apt-get --quiet=2 install curl'),
    divergence: 'hadolint counts --quiet=2 as one -q; it sets quiet level 2, which implies -y',
  },
  { ...fires('DL3014', 'apt-get install -s', 'FROM debian:12', APT_PACKAGE_EXISTS), divergence: SIMULATED_APT_INSTALL },
  { ...fires('DL3014', 'apt-get --dry-run install', 'FROM debian:12', 'RUN apt-get --dry-run install curl'), divergence: SIMULATED_APT_INSTALL },

  // DL3008
  quiet('DL3008', 'sudo apt-get install', 'FROM debian:12', 'RUN sudo apt-get install -y curl'),
  quiet('DL3008', 'the value of -t', 'FROM debian:12', 'RUN apt-get install -y -t bookworm-backports curl=7.88.1'),
  quiet('DL3008', 'a local .deb and pkg/release', 'FROM debian:12', 'RUN apt-get install -y ./pkg.deb curl/bookworm'),
  quiet('DL3008', "apt-get inside bash -c '…'", 'FROM debian:12', "RUN bash -c 'apt-get install -y curl'"),
  fires('DL3008', 'an unpinned package after --target-release value', 'FROM debian:12', 'RUN apt-get install -y --target-release bookworm-backports curl'),
  fires('DL3008', 'command apt-get install', 'FROM debian:12', 'RUN command apt-get install -y curl=1.0 wget'),
  { ...fires('DL3008', 'apt-get install -s', 'FROM debian:12', APT_PACKAGE_EXISTS), divergence: SIMULATED_APT_INSTALL },
  { ...fires('DL3008', 'apt-get install --simulate', 'FROM debian:12', 'RUN apt-get install -y --simulate curl'), divergence: SIMULATED_APT_INSTALL },

  // DL3015
  quiet('DL3015', 'sudo apt-get install', 'FROM debian:12', 'RUN sudo apt-get install -y curl'),
  quiet('DL3015', '-o APT::Install-Recommends=false', 'FROM debian:12', 'RUN apt-get install -y -o APT::Install-Recommends=false curl'),
  quiet('DL3015', '/usr/bin/apt-get', 'FROM debian:12', 'RUN /usr/bin/apt-get install -y curl'),
  fires('DL3015', 'the body of a bare RUN <<EOF', 'FROM debian:12', 'RUN <<EOF', 'apt-get install -y curl', 'EOF'),
  {
    ...fires('DL3015', '-o APT::Install-Recommends=0', 'FROM debian:12', 'RUN apt-get install -y -o APT::Install-Recommends=0 curl'),
    divergence: 'hadolint only knows the spelling =false; apt reads 0 the same way, so the option is set',
  },
  { ...fires('DL3015', 'apt-get install -s', 'FROM debian:12', APT_PACKAGE_EXISTS), divergence: SIMULATED_APT_INSTALL },
  { ...fires('DL3015', 'apt-get -sy install', 'FROM debian:12', 'RUN apt-get -sy install curl'), divergence: SIMULATED_APT_INSTALL },

  // DL3027: apt is found like apt-get above.
  quiet('DL3027', 'sudo apt install', 'FROM debian:12', 'RUN sudo apt install -y curl'),
  quiet('DL3027', '(ONBUILD) sudo apt install', 'FROM debian:12', 'ONBUILD RUN sudo apt install -y curl'),
  quiet('DL3027', 'env A=1 apt install', 'FROM debian:12', 'RUN env DEBIAN_FRONTEND=noninteractive apt install -y curl'),
  quiet('DL3027', 'apt by its path', 'FROM debian:12', 'RUN /usr/bin/apt install -y curl'),
  quiet('DL3027', "apt inside sh -c '…'", 'FROM debian:12', "RUN sh -c 'apt install -y curl'"),
  quiet('DL3027', 'the body of RUN bash <<EOF', 'FROM debian:12', 'RUN bash <<EOF', 'apt install -y curl', 'EOF'),
  quiet('DL3027', 'command -v apt', 'FROM debian:12', 'RUN command -v apt'),
  quiet('DL3027', 'apt as the name exec -a gives', 'FROM debian:12', 'RUN exec -a apt'),
  quiet('DL3027', 'exec with an option it does not have', 'FROM debian:12', 'RUN exec -x apt install -y curl'),
  fires('DL3027', 'apt in a command substitution', 'FROM debian:12', 'RUN echo "$(apt list --installed)"'),
  fires('DL3027', 'command apt install', 'FROM debian:12', 'RUN command apt install -y curl'),
  fires('DL3027', 'exec -a name apt install', 'FROM debian:12', 'RUN exec -a installer apt install -y curl'),
  fires('DL3027', 'exec -la name apt install', 'FROM debian:12', 'RUN exec -la installer apt install -y curl'),
  fires('DL3027', 'exec -- apt install', 'FROM debian:12', 'RUN exec -- apt install -y curl'),
  fires('DL3027', 'exec form', 'FROM debian:12', 'RUN ["apt", "install", "-y", "curl"]'),
  { ...fires('DL3027', 'the body of a bare RUN <<EOF', 'FROM debian:12', 'RUN <<EOF', 'apt install -y curl', 'EOF'), lines: [2] },

  // DL3009
  quiet('DL3009', 'sudo apt-get update', 'FROM debian:12', 'RUN sudo apt-get update && sudo apt-get install -y curl'),
  quiet('DL3009', 'a stage only copied from', 'FROM debian:12 AS build', 'RUN apt-get update && apt-get install -y curl', 'FROM scratch', 'COPY --from=build /x /x'),
  fires('DL3009', "the lists removed inside sh -c '…'", 'FROM debian:12', "RUN apt-get update && sh -c 'rm -rf /var/lib/apt/lists/*'"),
  fires('DL3009', 'apt update', 'FROM debian:12', 'RUN apt update && apt install -y curl'),
  {
    ...quiet('DL3009', 'rm -rf of another directory', 'FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /tmp/*'),
    divergence: 'hadolint accepts any rm with -rf as removing the lists; /tmp/* leaves them in the layer',
  },
  {
    ...fires(
      'DL3009',
      'apt-get dist-clean after the install',
      'FROM debian:13',
      'RUN set -eux; \\',
      '    apt-get update; \\',
      '    apt-get install -y --no-install-recommends curl; \\',
      '    apt-get dist-clean',
    ),
    divergence:
      'hadolint only accepts rm -rf /var/lib/apt/lists/*; apt-get dist-clean (apt 2.7.8 and later, used by the ' +
      'official Debian 13 images) deletes the lists as well, so none are left in the layer',
  },
  {
    ...fires('DL3009', 'apt dist-clean after the install', 'FROM ubuntu:24.04', 'RUN apt update && apt install -y curl && apt dist-clean'),
    divergence: 'hadolint only accepts rm -rf /var/lib/apt/lists/*; apt dist-clean deletes the lists as well',
  },
  fires('DL3009', 'apt-get dist-clean before the update', 'FROM debian:13', 'RUN apt-get dist-clean && apt-get update && apt-get install -y curl'),
  fires('DL3009', 'apt-get clean', 'FROM debian:13', 'RUN apt-get update && apt-get install -y curl && apt-get clean'),

  // DL3018 / DL3019
  quiet('DL3018', 'sudo apk add', 'FROM alpine:3.19', 'RUN sudo apk add curl'),
  quiet('DL3018', 'the value of --virtual', 'FROM alpine:3.19', 'RUN apk add --virtual .deps gcc=13.2.1'),
  quiet('DL3018', 'the value of --repository', 'FROM alpine:3.19', 'RUN apk add --repository http://dl-cdn.alpinelinux.org/alpine/edge/main curl=8.5.0'),
  fires('DL3018', 'an unpinned package after -t value', 'FROM alpine:3.19', 'RUN apk add -t .deps gcc'),
  { ...fires('DL3018', 'apk add --simulate', 'FROM alpine:3.19', 'RUN apk add --simulate curl'), divergence: SIMULATED_APK_ADD },
  { ...fires('DL3019', 'apk -s add', 'FROM alpine:3.19', 'RUN apk -s add curl=8.5.0-r0'), divergence: SIMULATED_APK_ADD },
  quiet('DL3019', 'sudo apk add', 'FROM alpine:3.19', 'RUN sudo apk add curl=8.5.0'),
  quiet('DL3019', "apk inside sh -c '…'", 'FROM alpine:3.19', "RUN sh -c 'apk add curl=8.5.0'"),
  fires('DL3019', 'command apk add', 'FROM alpine:3.19', 'RUN command apk add curl=8.5.0'),

  // DL3013
  quiet('DL3013', 'python -m pip with an option before install', 'FROM python:3.12', 'RUN python -m pip --quiet install flask'),
  quiet('DL3013', '/usr/bin/pip', 'FROM python:3.12', 'RUN /usr/bin/pip install flask'),
  quiet('DL3013', 'sudo pip install', 'FROM python:3.12', 'RUN sudo pip install flask'),
  quiet('DL3013', 'pip install -e .', 'FROM python:3.12', 'RUN pip install -e .'),
  fires('DL3013', 'pipx install', 'FROM python:3.12', 'RUN pipx install black'),
  fires('DL3013', 'pip3 install', 'FROM python:3.12', 'RUN pip3 install flask'),
  fires('DL3013', 'pip with an option before install', 'FROM python:3.12', 'RUN pip --disable-pip-version-check install flask'),

  // DL3042
  quiet('DL3042', 'python -m pip with an option before install', 'FROM python:3.12', 'RUN python -m pip --quiet install flask==3.0.3'),
  quiet('DL3042', 'pipx install', 'FROM python:3.12', 'RUN pipx install black==24.4.2'),
  quiet('DL3042', 'sudo pip install', 'FROM python:3.12', 'RUN sudo pip install flask==3.0.3'),
  quiet('DL3042', 'PIP_NO_CACHE_DIR=1 before pip', 'FROM python:3.12', 'RUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3'),
  fires('DL3042', 'pip3 install', 'FROM python:3.12', 'RUN pip3 install flask==3.0.3'),
  fires('DL3042', 'python3 -m pip install', 'FROM python:3.12', 'RUN python3 -m pip install flask==3.0.3'),

  // DL3016
  quiet('DL3016', 'sudo npm install', 'FROM node:20', 'RUN sudo npm install express'),
  quiet('DL3016', 'the value of --registry', 'FROM node:20', 'RUN npm install --registry https://registry.example.com express@4.19.2'),
  fires('DL3016', 'npm install -g', 'FROM node:20', 'RUN npm install -g express'),

  // DL3028
  quiet('DL3028', 'sudo gem install', 'FROM ruby:3.3', 'RUN sudo gem install rails'),
  fires('DL3028', 'gem install', 'FROM ruby:3.3', 'RUN gem install rails'),

  // DL3062: go is found like apt-get above; the packages are the words that are not options.
  quiet('DL3062', 'sudo go install', 'FROM golang:1.22', 'RUN sudo go install github.com/x/y'),
  quiet('DL3062', 'env A=1 go install', 'FROM golang:1.22', 'RUN env CGO_ENABLED=0 go install github.com/x/y'),
  quiet('DL3062', 'go by its path', 'FROM golang:1.22', 'RUN /usr/local/go/bin/go install github.com/x/y'),
  quiet('DL3062', "go inside sh -c '…'", 'FROM golang:1.22', "RUN sh -c 'go install github.com/x/y'"),
  quiet('DL3062', 'the body of RUN bash <<EOF', 'FROM golang:1.22', 'RUN bash <<EOF', 'go install github.com/x/y', 'EOF'),
  quiet('DL3062', 'go get tool', 'FROM golang:1.24', 'RUN go get tool'),
  quiet('DL3062', 'go install tool', 'FROM golang:1.24', 'RUN go install tool'),
  quiet('DL3062', 'a build flag value starting with a dash', 'FROM golang:1.22', 'RUN go install -ldflags "-s -w" github.com/x/y@v1.2.3'),
  quiet('DL3062', 'a parent-relative path', 'FROM golang:1.22', 'RUN go install ../tools/gen'),
  fires('DL3062', 'go install @latest', 'FROM golang:1.22', 'RUN go install github.com/x/y@latest'),
  fires('DL3062', 'go in a command substitution', 'FROM golang:1.22', 'RUN echo "$(go install github.com/x/y)"'),
  fires('DL3062', 'command go install', 'FROM golang:1.22', 'RUN command go install github.com/x/y'),
  fires('DL3062', 'an unpinned package after a pinned one', 'FROM golang:1.22', 'RUN go install github.com/a/b@v1.0.0 github.com/c/d'),
  fires('DL3062', 'go get -u', 'FROM golang:1.22', 'RUN go get -u github.com/x/y'),
  { ...fires('DL3062', 'the body of a bare RUN <<EOF', 'FROM golang:1.22', 'RUN <<EOF', 'go install github.com/x/y', 'EOF'), lines: [2] },
  {
    ...fires('DL3062', 'command go install of a pinned package', 'FROM golang:1.22', 'RUN command go install github.com/x/y@v1.2.3'),
    divergence: 'hadolint keeps the word go among the arguments of command go and takes it for an unpinned package',
  },
  {
    ...fires('DL3062', 'the value of -tags', 'FROM golang:1.22', 'RUN go install -tags netgo github.com/x/y@v1.2.3'),
    divergence: 'hadolint takes the value of a build flag such as -tags for a package; netgo is a build tag',
  },
  {
    ...fires('DL3062', 'a Go file run', 'FROM golang:1.22', 'RUN go run main.go'),
    divergence: 'hadolint takes a .go file for a package; a file in the build context has no version to pin',
  },
  {
    ...fires('DL3062', 'a standard library package', 'FROM golang:1.22', 'RUN go install std'),
    divergence: GO_PATH_WITHOUT_DOT,
  },
  {
    ...fires('DL3062', 'a package of the main module', 'FROM golang:1.22', 'RUN go install example/cmd/server'),
    divergence: GO_PATH_WITHOUT_DOT,
  },
  {
    ...fires('DL3062', 'a package held by a variable', 'FROM golang:1.22', 'ARG GOPLS=golang.org/x/tools/gopls@v0.15.3', 'RUN go install ${GOPLS}'),
    divergence: 'the value of a variable may carry the version, so dfkit does not judge it; hadolint reads ${GOPLS} as a package without one',
  },
  {
    ...quiet('DL3062', 'go install after go run in one RUN', 'FROM golang:1.22', 'RUN go run github.com/a/gen@v1.2.3 && go install github.com/x/y'),
    divergence: 'hadolint checks only the go run packages when a RUN has any, so the unpinned go install goes unreported',
  },

  // DL3060
  quiet('DL3060', 'sudo yarn install', 'FROM node:20', 'RUN sudo yarn install'),
  fires('DL3060', 'the cache cleaned with sudo', 'FROM node:20', 'RUN yarn install && sudo yarn cache clean'),

  // yum / dnf / zypper
  // An option's value before the subcommand, and group and module installs, which hadolint finds by the word install.
  fires('DL3030', 'yum groups install', 'FROM centos:7', 'RUN yum groups install "Development Tools"'),
  fires('DL3030', 'yum module install', 'FROM centos:7', 'RUN yum module install nodejs:18'),
  fires('DL3030', 'an option value before install', 'FROM centos:7', 'RUN yum --disableplugin fastestmirror install httpd-2.4.6'),
  fires('DL3032', 'yum groups install -y without a clean', 'FROM centos:7', 'RUN yum groups install -y "Development Tools"'),
  fires('DL3038', 'dnf group install', 'FROM fedora:40', 'RUN dnf group install "Development Tools"'),
  fires('DL3038', 'an option value before install', 'FROM fedora:40', 'RUN dnf --forcearch aarch64 install foo-1.0'),
  fires('DL3040', 'dnf -y module install without a clean', 'FROM fedora:40', 'RUN dnf -y module install nodejs:18'),
  fires('DL3034', 'a repository added before the subcommand', 'FROM opensuse/leap:15.6', 'RUN zypper --plus-repo https://example.com/repo in foo=1.0'),
  fires('DL3060', 'yarn --cwd app install', 'FROM node:20', 'RUN yarn --cwd app install'),
  quiet('DL3030', 'sudo yum install', 'FROM centos:7', 'RUN sudo yum install httpd-2.4.6'),
  fires('DL3030', 'command yum install', 'FROM centos:7', 'RUN command yum install httpd-2.4.6'),
  { ...fires('DL3030', 'yum install --assumeno', 'FROM centos:7', 'RUN yum install --assumeno httpd-2.4.6'), divergence: DECLINED_RPM_INSTALL },
  { ...fires('DL3033', 'yum install --assumeno', 'FROM centos:7', 'RUN yum install --assumeno httpd'), divergence: DECLINED_RPM_INSTALL },
  { ...fires('DL3038', 'dnf install --assumeno', 'FROM fedora:40', 'RUN dnf install --assumeno httpd-2.4.62'), divergence: DECLINED_RPM_INSTALL },
  { ...fires('DL3041', 'dnf install --assumeno', 'FROM fedora:40', 'RUN dnf install --assumeno httpd'), divergence: DECLINED_RPM_INSTALL },
  fires('DL3032', 'yum clean all with sudo', 'FROM centos:7', 'RUN yum install -y httpd-2.4.6 && sudo yum clean all'),
  quiet('DL3033', 'sudo yum install', 'FROM centos:7', 'RUN sudo yum install -y httpd'),
  quiet('DL3034', 'sudo zypper install', 'FROM opensuse/leap:15.6', 'RUN sudo zypper install httpd=2.4.24'),
  fires('DL3034', 'command zypper install', 'FROM opensuse/leap:15.6', 'RUN command zypper install httpd=2.4.24'),
  quiet('DL3035', 'sudo zypper dup', 'FROM opensuse/leap:15.6', 'RUN sudo zypper -n dup'),
  quiet('DL3035', 'env A=1 zypper dup', 'FROM opensuse/leap:15.6', 'RUN env LANG=C zypper -n dup'),
  quiet('DL3035', 'zypper by its path', 'FROM opensuse/leap:15.6', 'RUN /usr/bin/zypper -n dist-upgrade'),
  quiet('DL3035', "zypper inside sh -c '…'", 'FROM opensuse/leap:15.6', "RUN sh -c 'zypper -n dup'"),
  quiet('DL3035', 'the body of RUN bash <<EOF', 'FROM opensuse/leap:15.6', 'RUN bash <<EOF', 'zypper -n dup', 'EOF'),
  fires('DL3035', 'zypper in a command substitution', 'FROM opensuse/leap:15.6', 'RUN log=$(zypper -n dup)'),
  fires('DL3035', 'command zypper dup', 'FROM opensuse/leap:15.6', 'RUN command zypper -n dup'),
  fires('DL3035', 'exec -c zypper dup', 'FROM opensuse/leap:15.6', 'RUN exec -c zypper -n dup'),
  { ...fires('DL3035', 'the body of a bare RUN <<EOF', 'FROM opensuse/leap:15.6', 'RUN <<EOF', 'zypper -n dup', 'EOF'), lines: [2] },
  fires('DL3036', 'zypper clean with sudo', 'FROM opensuse/leap:15.6', 'RUN zypper install -y httpd=2.4.24 && sudo zypper clean'),
  quiet('DL3037', 'sudo zypper install', 'FROM opensuse/leap:15.6', 'RUN sudo zypper install -y httpd'),
  quiet('DL3038', 'sudo dnf install', 'FROM fedora:40', 'RUN sudo dnf install httpd-2.4.62'),
  quiet('DL3038', '/usr/bin/microdnf', 'FROM fedora:40', 'RUN /usr/bin/microdnf install httpd-2.4.62'),
  fires('DL3040', 'dnf clean all with sudo', 'FROM fedora:40', 'RUN dnf install -y httpd-2.4.62 && sudo dnf clean all'),
  quiet('DL3041', 'sudo dnf install', 'FROM fedora:40', 'RUN sudo dnf install -y httpd'),
  quiet('DL3041', "dnf inside sh -c '…'", 'FROM fedora:40', "RUN sh -c 'dnf install -y httpd'"),
];
