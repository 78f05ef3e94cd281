import { describe, expect, it } from 'vitest';
import { baseImageReferences } from '../../src/lint/index.js';

describe('baseImageReferences', () => {
  it('names each image a stage starts from once, after the global ARGs and build arguments', () => {
    const text = [
      'ARG PY=3.12',
      'ARG BASE',
      'FROM python:${PY} AS build',
      'FROM build AS test',
      'FROM scratch AS empty',
      'FROM ${BASE}',
      'FROM python:${PY}',
      'FROM alpine:3.20',
    ].join('\n');
    expect(baseImageReferences(text)).toEqual(['python:3.12', 'alpine:3.20']);
    expect(baseImageReferences(text, { PY: '3.13', BASE: 'debian:12' })).toEqual(['python:3.13', 'debian:12', 'alpine:3.20']);
  });

  it('leaves out names that are no image reference, and never throws on a broken file', () => {
    expect(baseImageReferences('FROM Not_Valid:x\nFROM $UNSET\nFROM\nRUN x')).toEqual([]);
    expect(baseImageReferences('')).toEqual([]);
  });
});
