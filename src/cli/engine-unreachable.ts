/** The one message every command gives when no engine answers: which one, why, and how to start one. */
import { CliError } from './cli-error.js';

export type RuntimeName = 'docker' | 'podman';

const ENGINES: Readonly<Record<RuntimeName, { name: string; start: string; variable: string; examples: string }>> = {
  docker: {
    name: 'Docker engine',
    start: '`sudo systemctl start docker`, or run `dockerd`',
    variable: 'DOCKER_HOST',
    examples: 'unix:///path/to/docker.sock or tcp://host:2376',
  },
  podman: {
    name: 'podman service',
    start: '`systemctl --user start podman.socket`, or run `podman system service --time=0`',
    variable: 'CONTAINER_HOST',
    examples: 'unix:///run/user/<uid>/podman/podman.sock',
  },
};

/** `reason` is what the connection said (`connect ENOENT /var/run/docker.sock`); exit status 1, or `exitCode`. */
export function engineUnreachable(runtime: RuntimeName, reason: string, exitCode = 1): CliError {
  const engine = ENGINES[runtime];
  return new CliError(
    `no ${engine.name} answered (${reason}).\n` +
      `Start one (e.g. ${engine.start}), or point ${engine.variable} at a running one (${engine.examples}).`,
    exitCode,
  );
}
