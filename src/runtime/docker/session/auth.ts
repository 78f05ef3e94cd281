/**
 * The registry-credentials service of a build session: when BuildKit pulls a base image (or a `COPY --from`
 * image) from a registry that wants credentials, it asks the client for them by registry host, and the client
 * answers from the Docker config (credential helpers, then `auths`), as the docker CLI does.
 */
import type { Environment } from '../engine-host.js';
import { ProtoWriter } from '../protobuf-writer.js';
import { registryAuthForHost, RegistryAuthError } from '../registry-auth.js';
import { GrpcCode, GrpcError, type GrpcHandler } from './grpc-server.js';
import { requestString } from './request.js';

const CREDENTIALS = '/moby.filesync.v1.Auth/Credentials';

/** The session handler answering `Credentials`; no credentials is an empty answer (an anonymous pull). */
export function registryAuthHandlers(env: Environment): Map<string, GrpcHandler> {
  const credentials: GrpcHandler = async (call) => {
    const host = await requestString(call, 1);
    let auth;
    try {
      auth = await registryAuthForHost(host, env);
    } catch (error) {
      if (error instanceof RegistryAuthError) throw new GrpcError(GrpcCode.UNAVAILABLE, `credentials for ${host}: ${error.message}`);
      throw error;
    }
    const answer = new ProtoWriter();
    // An identity token travels as the secret with no user name, which BuildKit takes as a refresh token.
    if (auth && 'identitytoken' in auth) answer.bytes(2, auth.identitytoken);
    else if (auth) answer.bytes(1, auth.username).bytes(2, auth.password);
    return answer.finish();
  };
  return new Map([[CREDENTIALS, credentials]]);
}
