/** Reading the small requests session services receive. */
import { decodeString, readFields } from '../protobuf.js';
import { GrpcCode, GrpcError, type GrpcCall } from './grpc-server.js';

/**
 * The string in field `field` of a unary call's request (`GetSecretRequest.ID`, `CredentialsRequest.Host`…);
 * empty when absent, as proto3 leaves it. An unreadable request fails the call with INVALID_ARGUMENT.
 */
export async function requestString(call: GrpcCall, field: number): Promise<string> {
  let value = '';
  for await (const message of call.messages()) {
    const read = readFields(message);
    if (!read.ok) throw new GrpcError(GrpcCode.INVALID_ARGUMENT, read.error);
    for (const found of read.fields) if (found.field === field && found.wireType === 2) value = decodeString(found.value);
  }
  return value;
}
