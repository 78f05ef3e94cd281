import { invalidDefaultArgInFrom } from '../../../src/lint/rules/invalid-default-arg-in-from.js';
import { testRule } from '../rule-tester.js';

testRule(invalidDefaultArgInFrom, {
  valid: [
    'ARG VERSION="latest"\nFROM busybox:${VERSION}',
    'ARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}',
    'ARG BUSYBOX_VARIANT\nFROM busybox:stable${BUSYBOX_VARIANT}',
    'ARG TAG\nFROM alpine:${TAG:-3.14}',
    'FROM --platform=$BUILDPLATFORM golang:1.22',
    'FROM golang:1.22-${TARGETOS}',
    'ARG BASE=builder\nFROM alpine AS builder\nFROM $BASE',
    'ARG IMAGE=alpine\nARG TAG=3.20\nARG REF=$IMAGE:$TAG\nFROM $REF',
    // A literal name is another rule's business.
    'FROM Busybox',
    // A build argument does not make up for a missing default.
    { code: 'ARG VERSION=1\nFROM busybox:$VERSION', settings: { buildArgs: { VERSION: '' } } },
  ],
  invalid: [
    {
      code: '\nARG VERSION\nFROM busybox:$VERSION\n',
      errors: [{ message: 'Default value for ARG busybox:$VERSION results in empty or invalid base image name', line: 3, text: 'busybox:$VERSION' }],
    },
    {
      code: '\nARG IMAGE\nFROM $IMAGE\n',
      errors: [{ message: 'Default value for ARG $IMAGE results in empty or invalid base image name', line: 3, text: '$IMAGE' }],
    },
    {
      code: '\nARG SFX="box:"\nFROM busy${SFX}\n',
      errors: [{ message: 'Default value for ARG busy${SFX} results in empty or invalid base image name' }],
    },
    {
      code: 'ARG TAG\nFROM busybox:${TAG}',
      settings: { buildArgs: { TAG: 'latest' } },
      errors: [{ text: 'busybox:${TAG}' }],
    },
    {
      code: 'ARG IMAGE=Alpine\nFROM ${IMAGE}:3.20 AS base\nFROM ${UNDECLARED}',
      errors: [{ line: 2 }, { line: 3 }],
    },
  ],
});
