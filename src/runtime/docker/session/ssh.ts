/**
 * The SSH forwarding service of a build session: `RUN --mount=type=ssh` gives the step a socket, and every
 * connection to it is relayed, over the session, to an SSH agent of the client's. The keys never leave the
 * agent; the build can only ask it to sign.
 */
import { stat } from 'node:fs/promises';
import net from 'node:net';
import type { BuildSshAgent } from '../../adapter.js';
import { readFields } from '../protobuf.js';
import { ProtoWriter } from '../protobuf-writer.js';
import { GrpcCode, GrpcError, type GrpcCall, type GrpcHandler } from './grpc-server.js';
import { requestString } from './request.js';

/** The ID a `--mount=type=ssh` without `id=` asks for. */
export const DEFAULT_SSH_ID = 'default';

const CHECK_AGENT = '/moby.sshforward.v1.SSH/CheckAgent';
const FORWARD_AGENT = '/moby.sshforward.v1.SSH/ForwardAgent';
/** The metadata key naming the agent a forwarded connection is for. */
const SSH_ID_KEY = 'buildkit.ssh.id';

/** Each agent with its socket path resolved: the one given, else `SSH_AUTH_SOCK`. */
export function resolveSshAgents(agents: readonly BuildSshAgent[], env: Readonly<Record<string, string | undefined>>): Map<string, string | undefined> {
  return new Map(agents.map((agent) => [agent.id || DEFAULT_SSH_ID, agent.socket ?? env['SSH_AUTH_SOCK']]));
}

/** A clear message for the first agent that cannot be used, or `null`. */
export async function checkSshAgents(agents: readonly BuildSshAgent[], env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const seen = new Set<string>();
  for (const agent of agents) {
    const id = agent.id || DEFAULT_SSH_ID;
    if (seen.has(id)) return `the SSH agent ${id} is given twice`;
    seen.add(id);
    const socket = agent.socket ?? env['SSH_AUTH_SOCK'];
    if (!socket) return `the SSH agent ${id}: no socket given and SSH_AUTH_SOCK is not set (start ssh-agent, or give its socket)`;
    try {
      const info = await stat(socket);
      // Key files are not read: a key is used through an agent (`ssh-add` it), never handed to the build.
      if (!info.isSocket()) return `the SSH agent ${id}: ${socket} is not an agent socket (load keys into ssh-agent with ssh-add and give its socket)`;
    } catch (error) {
      return `the SSH agent ${id}: cannot use ${socket}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
  return null;
}

/** The session handlers forwarding to `agents` (ID → socket path). */
export function sshHandlers(agents: ReadonlyMap<string, string | undefined>): Map<string, GrpcHandler> {
  const socketOf = (id: string): string => {
    const socket = agents.get(id || DEFAULT_SSH_ID);
    if (socket === undefined) throw new GrpcError(GrpcCode.NOT_FOUND, `no SSH agent "${id || DEFAULT_SSH_ID}" was given to the build (dfkit build --ssh ${id || DEFAULT_SSH_ID})`);
    return socket;
  };
  const checkAgent: GrpcHandler = async (call) => {
    const id = await requestString(call, 1);
    socketOf(id);
    return new Uint8Array(0);
  };
  const forwardAgent: GrpcHandler = (call) => relay(call, socketOf(call.metadata.get(SSH_ID_KEY)?.[0] ?? ''));
  return new Map([
    [CHECK_AGENT, checkAgent],
    [FORWARD_AGENT, forwardAgent],
  ]);
}

/** Relays one connection: the call's messages to the agent, the agent's bytes back; either end closing ends both. */
async function relay(call: GrpcCall, socketPath: string): Promise<void> {
  const agent = net.connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    agent.once('connect', resolve);
    agent.once('error', (error: NodeJS.ErrnoException) => reject(new GrpcError(GrpcCode.UNAVAILABLE, `cannot reach the SSH agent at ${socketPath}: ${error.code ?? error.message}`)));
  });
  const onAbort = (): void => {
    agent.destroy();
  };
  call.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const fromAgent = (async () => {
      for await (const chunk of agent) await call.send(new ProtoWriter().bytes(1, chunk as Buffer).finish());
    })();
    fromAgent.catch(() => undefined);
    const toAgent = (async () => {
      for await (const message of call.messages()) {
        const read = readFields(message);
        if (!read.ok) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, read.error);
        for (const field of read.fields) {
          if (field.field === 1 && field.wireType === 2 && field.value.length > 0 && !agent.write(field.value)) {
            await new Promise((resolve) => agent.once('drain', resolve));
          }
        }
      }
      agent.end();
    })();
    toAgent.catch(() => undefined);
    // The relay ends when the agent closes its side (it does once the build's side has hung up and that was
    // passed on), or as soon as either direction fails.
    await Promise.race([fromAgent, toAgent.then(() => fromAgent)]);
  } finally {
    call.signal.removeEventListener('abort', onAbort);
    agent.destroy();
  }
}
