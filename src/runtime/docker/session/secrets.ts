/**
 * The secrets service of a build session: `RUN --mount=type=secret,id=…` asks the client for the secret's bytes,
 * which never enter the image or a cache key. Sources are read when the build asks, and checked up front so a
 * missing file fails before the build starts.
 */
import { readFile, stat } from 'node:fs/promises';
import { ProtoWriter } from '../protobuf-writer.js';
import type { BuildSecret } from '../../adapter.js';
import { GrpcCode, GrpcError, type GrpcHandler } from './grpc-server.js';
import { requestString } from './request.js';


const GET_SECRET = '/moby.buildkit.secrets.v1.Secrets/GetSecret';

/**
 * Checks every secret's source: a clear message for the first that cannot be used, or `null`. A secret names a
 * file or a variable, not both, and each ID appears once.
 */
export async function checkSecrets(secrets: readonly BuildSecret[], env: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  const seen = new Set<string>();
  for (const secret of secrets) {
    if (secret.id === '') return 'a secret needs an id';
    if (seen.has(secret.id)) return `the secret ${secret.id} is given twice`;
    seen.add(secret.id);
    if ((secret.file === undefined) === (secret.env === undefined)) return `the secret ${secret.id} needs exactly one source: a file or an environment variable`;
    if (secret.env !== undefined && env[secret.env] === undefined) return `the secret ${secret.id}: the environment variable ${secret.env} is not set`;
    if (secret.file !== undefined) {
      try {
        const info = await stat(secret.file);
        if (!info.isFile()) return `the secret ${secret.id}: ${secret.file} is not a file`;
      } catch (error) {
        return `the secret ${secret.id}: cannot read ${secret.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      }
    }
  }
  return null;
}

/** The session handler answering `GetSecret` for `secrets`; unknown IDs are NOT_FOUND, as BuildKit expects. */
export function secretsHandlers(secrets: readonly BuildSecret[], env: Readonly<Record<string, string | undefined>>): Map<string, GrpcHandler> {
  const byId = new Map(secrets.map((secret) => [secret.id, secret]));
  const getSecret: GrpcHandler = async (call) => {
    const id = await requestString(call, 1);
    const secret = byId.get(id);
    if (!secret) throw new GrpcError(GrpcCode.NOT_FOUND, `secret ${id} not found`);
    const data = secret.file !== undefined ? await readFile(secret.file) : Buffer.from(env[secret.env as string] ?? '', 'utf8');
    return new ProtoWriter().bytes(1, data).finish();
  };
  return new Map([[GET_SECRET, getSecret]]);
}
