import { noLatestTag } from '../../../src/lint/rules/no-latest-tag.js';
import { testRule } from '../rule-tester.js';

const message =
  'Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag';

testRule(noLatestTag, {
  valid: [
    'FROM debian:jessie',
    'FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
    'FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
    'FROM debian:jessie AS builder',
    'FROM debian',
    'FROM latest',
    'FROM debian:latest-slim',
    'FROM debian:${TAG}',
    'ARG TAG=12\nFROM debian:${TAG}',
  ],
  invalid: [
    { code: 'FROM debian:latest', errors: [{ message, line: 1, text: 'latest' }] },
    { code: 'FROM debian:latest AS builder', errors: [{ message, line: 1, text: 'latest' }] },
    { code: 'FROM localhost:5000/app:latest', errors: [{ line: 1, text: 'latest' }] },
    { code: 'FROM alpine:3.19\nFROM node:latest AS web', errors: [{ line: 2, text: 'latest' }] },
    { code: 'ARG TAG=latest\nFROM debian:${TAG}', errors: [{ line: 2, text: 'debian:${TAG}' }] },
  ],
});
