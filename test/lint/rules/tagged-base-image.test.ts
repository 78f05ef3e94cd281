import { taggedBaseImage } from '../../../src/lint/rules/tagged-base-image.js';
import { testRule } from '../rule-tester.js';

const message = 'Always tag the version of an image explicitly';

testRule(taggedBaseImage, {
  valid: [
    'FROM ruby@sha256:f1dbca0f5dbc9',
    'FROM ruby:2',
    'FROM ${VALUE}',
    'FROM $VALUE',
    'FROM scratch',
    'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM build as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz',
    // Stage names are case-insensitive.
    'FROM golang:1.22 AS Build\nFROM build',
    'FROM registry.example.com:5000/team/app:1.2',
    'ARG IMAGE=node:20\nFROM $IMAGE',
    'ARG TAG=20\nFROM node${TAG:+:}${TAG}',
    'ARG BASE=scratch\nFROM ${BASE}',
    // A declared ARG without a default is only known at build time.
    'ARG BASE\nFROM ${BASE}',
    'FROM golang:1.22 AS build\nARG STAGE=build\nFROM alpine:3.19\nARG STAGE\nFROM $STAGE',
    { code: 'ARG BASE=node\nFROM $BASE', settings: { buildArgs: { BASE: 'node:20' } } },
  ],
  invalid: [
    { code: 'FROM debian', errors: [{ message, line: 1, text: 'debian' }] },
    { code: 'FROM debian AS builder', errors: [{ message, line: 1, text: 'debian' }] },
    {
      code: 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM node as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz',
      errors: [{ message, line: 3, text: 'node' }],
    },
    // A stage defined later is not a base the builder can use: this pulls an image.
    { code: 'FROM build\nFROM golang:1.22 AS build', errors: [{ line: 1, text: 'build' }] },
    { code: 'FROM --platform=$BUILDPLATFORM ghcr.io/org/tool', errors: [{ line: 1, text: 'ghcr.io/org/tool' }] },
    { code: 'ARG IMAGE=node\nFROM $IMAGE', errors: [{ message, line: 2, text: '$IMAGE' }] },
    { code: 'ARG REGISTRY=ghcr.io\nFROM ${REGISTRY}/org/app', errors: [{ line: 2, text: '${REGISTRY}/org/app' }] },
    { code: 'ARG BASE\nFROM $BASE', settings: { buildArgs: { BASE: 'debian' } }, errors: [{ line: 2, text: '$BASE' }] },
  ],
});
