/** A multi-stage Dockerfile the capability tests share, and a helper to find positions in it. */
export const SAMPLE = [
  '# syntax=docker/dockerfile:1', // 0
  'ARG BASE=node:20', // 1
  'FROM $BASE AS build', // 2
  'ARG VERSION=1.2', // 3
  'ENV APP_HOME=/app \\', // 4
  '    MODE=prod', // 5
  'WORKDIR $APP_HOME', // 6
  'RUN --mount=type=cache,target=/root/.npm npm ci && \\', // 7
  '    echo ${VERSION}', // 8
  'COPY <<EOF /etc/conf', // 9
  'value=$MODE', // 10
  'EOF', // 11
  '', // 12
  'FROM build AS test', // 13
  'RUN echo $APP_HOME', // 14
  '', // 15
  '# two comment', // 16
  '# lines', // 17
  'FROM alpine:3.19', // 18
  'COPY --from=build /app /app', // 19
  'RUN --mount=from=test,target=/t ls /t', // 20
  '',
].join('\n');

/** The position of the `nth` (0-based) occurrence of `needle` in `text`, plus `delta` characters. */
export function at(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`'${needle}' #${nth} not found`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
