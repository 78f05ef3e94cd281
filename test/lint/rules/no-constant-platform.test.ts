import { noConstantPlatform } from '../../../src/lint/rules/no-constant-platform.js';
import { testRule } from '../rule-tester.js';

const message = 'Do not use --platform flag with FROM';

testRule(noConstantPlatform, {
  valid: [
    'FROM debian:jessie',
    'FROM --platform=$BUILDPLATFORM debian:jessie',
    'FROM --platform="$BUILDPLATFORM" debian:jessie',
    'FROM --platform=${BUILDPLATFORM} debian:jessie',
    'FROM --platform=${BUILDPLATFORM:-} debian:jessie',
    'FROM --platform="${BUILDPLATFORM:-}" debian:jessie',
    'FROM --platform=$TARGETPLATFORM debian:jessie',
    'FROM --platform=$TARGETOS/$TARGETARCH debian:jessie',
    'ARG PLATFORM=linux/amd64\nFROM --platform=$PLATFORM debian:jessie',
    // The stage is named for the platform it is pinned to.
    'FROM --platform=linux/arm64 debian:12 AS build-arm64',
    'FROM --platform=linux/amd64 debian:12 AS linux-tools',
    'FROM --platform=linux/x86_64 debian:12 AS builder_amd64',
    'FROM --platform=arm64 debian:12 AS cross-arm64',
  ],
  invalid: [
    { code: 'FROM --platform=linux debian:jessie', errors: [{ message, line: 1, text: 'linux' }] },
    { code: 'FROM --platform=linux/amd64 node:20 AS build', errors: [{ message, line: 1, text: 'linux/amd64' }] },
    { code: 'FROM --platform="linux/arm64/v8" node:20', errors: [{ line: 1, text: '"linux/arm64/v8"' }] },
    { code: 'FROM node:20 AS a\nfrom --platform=windows/amd64 node:20 AS b', errors: [{ line: 2, text: 'windows/amd64' }] },
    { code: 'FROM --platform=linux/arm64 debian:12 AS build-amd64', errors: [{ line: 1, text: 'linux/arm64' }] },
  ],
});
