import type { RuleModule } from '../types.js';
import { withoutSurrounding } from '../../parser/trailing.js';

const isRoot = (path: string): boolean => withoutSurrounding(path, `"'`) === '/';

/** DL3067: COPY --from must not copy a whole filesystem onto the root. */
export const noRootFilesystemCopy: RuleModule = {
  meta: {
    id: 'no-root-filesystem-copy',
    hadolint: 'DL3067',
    severity: 'warning',
    category: 'performance',
    locality: 'stage',
    docs: {
      summary: 'Do not copy an entire filesystem from another stage',
      description: 'Flags `COPY --from=<stage or image> / /`: the source root copied onto the destination root.',
      rationale:
        'Copying a whole filesystem brings along everything the other stage or image contains: compilers, ' +
        'package caches, its whole operating system. It defeats the point of a multi-stage build, bloats the ' +
        'image, and overwrites files of the current stage without saying which.',
      example: 'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.19\nCOPY --from=build / /',
      useInstead:
        'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM alpine:3.19\nCOPY --from=build /out/app /usr/local/bin/app',
    },
  },
  create(context) {
    return {
      COPY(node) {
        const destination = node.destination;
        if (!node.options.from || !destination || !isRoot(destination.value)) return;
        const source = node.sources.find((s) => !s.heredoc && isRoot(s.value));
        if (!source) return;
        context.report({ message: 'Do not copy an entire filesystem from another stage', range: source.range });
      },
    };
  },
};
