import { goPinnedVersions } from '../../../src/lint/rules/go-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Pin versions in go. Instead of `go install <package>` use `go install <package>@<version>`';

testRule(goPinnedVersions, {
  valid: [
    'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@v0.15.3',
    'FROM golang:1.22\nRUN go get github.com/pkg/errors@v0.9.1',
    'FROM golang:1.22\nRUN go run github.com/a/b/cmd/gen@v1.2.3 -out x.go',
    'FROM golang:1.22\nRUN go install ./cmd/...',
    'FROM golang:1.22\nRUN go install .',
    'FROM golang:1.22\nRUN go run main.go',
    'FROM golang:1.22\nRUN go run ./cmd/server',
    'FROM golang:1.22\nRUN go get',
    'FROM golang:1.22\nRUN go get -d -v',
    'FROM golang:1.22\nRUN go build -o /app ./...',
    'FROM golang:1.22\nRUN go install -ldflags "-s -w" ./cmd/app',
    'FROM golang:1.22\nRUN go install std',
    'FROM golang:1.22\nRUN go install ${TOOL}',
    'FROM golang:1.24\nRUN go get tool',
    'FROM golang:1.24\nRUN go install tool',
    'FROM golang:1.22\nRUN go install -tags netgo github.com/a/b@v1.2.3',
  ],
  invalid: [
    { code: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls', errors: [{ message, line: 2, text: 'golang.org/x/tools/gopls' }] },
    { code: 'FROM golang:1.22\nRUN go install golang.org/x/tools/gopls@latest', errors: [{ text: 'golang.org/x/tools/gopls@latest' }] },
    { code: 'FROM golang:1.22\nRUN go get github.com/pkg/errors@none', errors: [{ text: 'github.com/pkg/errors@none' }] },
    { code: 'FROM golang:1.22\nRUN go get -u github.com/pkg/errors', errors: [{ text: 'github.com/pkg/errors' }] },
    { code: 'FROM golang:1.22\nRUN go run github.com/a/b/cmd/gen -out x.go', errors: [{ text: 'github.com/a/b/cmd/gen' }] },
    { code: 'FROM golang:1.22\nRUN go install -tags netgo github.com/a/b@v1 github.com/c/d', errors: [{ text: 'github.com/c/d' }] },
    { code: 'FROM golang:1.22\nRUN true \\\n && go install \\\n    github.com/a/b', errors: [{ line: 4, text: 'github.com/a/b' }] },
    { code: 'FROM golang:1.22\nRUN <<EOF\ngo install github.com/a/b\nEOF\n', errors: [{ line: 3, text: 'github.com/a/b' }] },
    { code: 'FROM golang:1.22\nONBUILD RUN go install github.com/a/b', errors: [{ line: 2, text: 'github.com/a/b' }] },
  ],
});
