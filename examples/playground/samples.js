// Dockerfiles to start from, each showing something the linter or the formatter has to say.
export const samples = [
  {
    name: 'Node: sources copied before npm ci',
    text: `FROM node:20.17-alpine3.20
WORKDIR /srv/app
ENV NODE_ENV=production

# Every change under src/ invalidates the install below.
COPY . .
RUN npm ci --omit=dev

USER node
EXPOSE 8080
CMD ["node", "src/index.js"]
`,
  },
  {
    name: 'Python: apt-get without pins or cleanup',
    text: `from python:3.12-slim
run apt-get update
run apt-get install -y curl build-essential
workdir app
copy requirements.txt .
run pip install -r requirements.txt
copy . .
cmd python -m app
`,
  },
  {
    name: 'Go: multi-stage build',
    text: `# syntax=docker/dockerfile:1
FROM golang:1.23-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/root/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/root/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
USER 65532:65532
ENTRYPOINT ["/server"]
`,
  },
  {
    name: 'Syntax problems',
    text: `FROM alpine:3.20
RUNN echo typo in the instruction
COPY
EXPOSE 80/tcpp
HEALTHCHECK CMD
`,
  },
];
