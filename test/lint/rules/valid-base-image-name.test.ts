import { validBaseImageName } from '../../../src/lint/rules/valid-base-image-name.js';
import { testRule } from '../rule-tester.js';

testRule(validBaseImageName, {
  valid: [
    'FROM ubuntu:22.04',
    // A host name may have capitals; the repository path may not.
    'FROM Registry.Example.com/app:1',
    'FROM localhost:5000/app@sha256:' + 'a'.repeat(64),
    'FROM scratch',
    'FROM golang:1.22 AS build\nFROM build',
    'FROM golang:1.22 AS Build\nFROM build',
    // Variables are judged by InvalidDefaultArgInFrom.
    'ARG IMAGE=Ubuntu\nFROM $IMAGE',
  ],
  invalid: [
    {
      code: 'FROM Ubuntu:22.04',
      errors: [{ line: 1, text: 'Ubuntu:22.04', message: '`Ubuntu:22.04` is not a valid image name: invalid reference format: repository name (library/Ubuntu) must be lowercase; the build fails' }],
    },
    { code: 'FROM Scratch', errors: [{ line: 1, text: 'Scratch' }] },
    { code: 'FROM ghcr.io/Org/app:1', errors: [{ line: 1 }] },
    { code: 'FROM node:20@sha256:abc', errors: [{ line: 1 }] },
    // Only earlier stages are stage names; an unneeded stage fails the build too.
    { code: 'FROM Later AS first\nFROM busybox:1 AS later', errors: [{ line: 1 }] },
    {
      code: 'FROM golang:1.22 AS build\nFROM Build AS test',
      errors: [
        {
          line: 2,
          text: 'Build',
          message:
            '`Build` is not stage `build` to BuildKit, which matches stage names in lower case; it is read as an image name and the build fails (invalid reference format: repository name (library/Build) must be lowercase)',
        },
      ],
    },
  ],
});
