import { undefinedArgInFrom } from '../../../src/lint/rules/undefined-arg-in-from.js';
import { testRule } from '../rule-tester.js';

testRule(undefinedArgInFrom, {
  valid: [
    'ARG base=scratch\nFROM $base\nCOPY Dockerfile .',
    'ARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch',
    'FROM --platform=$BUILDPLATFORM scratch',
    'FROM --platform=${TARGETPLATFORM} alpine:3.20',
    'FROM alpine:${TARGETOSVERSION}${BUILDOSVERSION}',
    // Declared without a default still counts as declared.
    'ARG DEBUG\nFROM scratch${DEBUG}',
    'ARG DEBUG\nFROM scra${DEBUG:-tch}',
    'ARG DEBUG=""\nFROM scratch${DEBUG-@bogus}',
    'FROM alpine\nARG LATER\nFROM alpine:3.20',
    // Escaped and single-quoted text holds no reference.
    'FROM alpine:\\$TAG',
    'ARG A\nARG B\nFROM ${A:-$B}',
  ],
  invalid: [
    {
      code: '\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n',
      errors: [
        {
          message: "FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?)",
          line: 2,
          text: '$BULIDPLATFORM',
        },
      ],
    },
    {
      code: '\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n',
      errors: [{ message: "FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?)", line: 4, text: '${MYARCH}' }],
    },
    {
      code: '\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n',
      errors: [{ message: "FROM argument 'version' is not declared", line: 3, text: '${version}' }],
    },
    {
      code: 'FROM node:22${VARIANT} AS jsbuilder',
      errors: [{ message: "FROM argument 'VARIANT' is not declared", text: '${VARIANT}' }],
    },
    {
      // Only ARGs before the first FROM are visible to FROM.
      code: 'FROM alpine\nARG TAG=3.20\nFROM alpine:$TAG',
      errors: [{ line: 3, text: '$TAG' }],
    },
    {
      code: 'ARG REGISTRY=docker.io\nFROM ${REGISTRY}/${IMAGE:-alpine}:${TAG}',
      errors: [
        { message: "FROM argument 'IMAGE' is not declared", text: '${IMAGE:-alpine}' },
        { message: "FROM argument 'TAG' is not declared", text: '${TAG}' },
      ],
    },
  ],
});
