/**
 * The BuildKit status message (`moby.buildkit.v1.StatusResponse`) that the engine base64-encodes into the
 * `moby.buildkit.trace` records of a `version=2` build stream. Only the fields a progress reader needs are
 * decoded; anything else, including fields added by newer BuildKit versions, is skipped.
 */
import { decodeString, readFields, toSigned, type WireField } from './protobuf.js';

/** One build step (LLB vertex) as last reported. BuildKit re-sends a vertex whole on every state change. */
export interface TraceVertex {
  readonly digest: string;
  readonly inputs: readonly string[];
  readonly name: string;
  readonly cached: boolean;
  /** ISO 8601 times, absent until the vertex started or completed. */
  readonly started?: string;
  readonly completed?: string;
  readonly error?: string;
}

/** Progress of one piece of work inside a vertex (a transfer, "writing image …", …). */
export interface TraceStatus {
  readonly id: string;
  readonly vertex: string;
  readonly name: string;
  readonly current: number;
  readonly total: number;
  readonly timestamp?: string;
  readonly started?: string;
  readonly completed?: string;
}

/** Output a vertex's process wrote. `msg` stays bytes: a multi-byte character may be split across two logs. */
export interface TraceLog {
  readonly vertex: string;
  readonly timestamp?: string;
  /** 1 = stdout, 2 = stderr (the file descriptor). */
  readonly stream: number;
  readonly msg: Uint8Array;
}

/** A warning attached to a vertex (sent by newer BuildKit versions only). */
export interface TraceWarning {
  readonly vertex: string;
  readonly level: number;
  readonly short: string;
  readonly detail: readonly string[];
  readonly url?: string;
}

export interface StatusResponse {
  readonly vertexes: readonly TraceVertex[];
  readonly statuses: readonly TraceStatus[];
  readonly logs: readonly TraceLog[];
  readonly warnings: readonly TraceWarning[];
}

export type StatusDecodeResult = { readonly ok: true; readonly value: StatusResponse } | { readonly ok: false; readonly error: string };

/** Thrown only inside this module to unwind a nested decode; callers see an error value. */
class Malformed extends Error {}

function fieldsOf(bytes: Uint8Array, what: string): readonly WireField[] {
  const result = readFields(bytes);
  if (!result.ok) throw new Malformed(`${what}: ${result.error}`);
  return result.fields;
}

function text(f: WireField, what: string): string {
  if (f.wireType !== 2) throw new Malformed(`${what}: expected a length-delimited field`);
  return decodeString(f.value);
}

function bytesOf(f: WireField, what: string): Uint8Array {
  if (f.wireType !== 2) throw new Malformed(`${what}: expected a length-delimited field`);
  return f.value;
}

function int(f: WireField, what: string): number {
  if (f.wireType !== 0) throw new Malformed(`${what}: expected a varint`);
  return toSigned(f.value);
}

/**
 * A `google.protobuf.Timestamp` as ISO 8601, or `undefined` for "unset": BuildKit encodes unset non-nullable
 * times as Go's zero time (year 1), which is before the Unix epoch.
 */
function timestamp(f: WireField, what: string): string | undefined {
  let seconds = 0;
  let nanos = 0;
  for (const g of fieldsOf(bytesOf(f, what), what)) {
    if (g.field === 1) seconds = int(g, `${what}.seconds`);
    else if (g.field === 2) nanos = int(g, `${what}.nanos`);
  }
  const ms = seconds * 1000 + Math.floor(nanos / 1e6);
  if (seconds < 0 || !Number.isFinite(ms) || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

function vertex(bytes: Uint8Array): TraceVertex {
  let digest = '';
  let name = '';
  let cached = false;
  const inputs: string[] = [];
  let started: string | undefined;
  let completed: string | undefined;
  let error: string | undefined;
  for (const f of fieldsOf(bytes, 'vertex')) {
    switch (f.field) {
      case 1: digest = text(f, 'vertex.digest'); break;
      case 2: inputs.push(text(f, 'vertex.inputs')); break;
      case 3: name = text(f, 'vertex.name'); break;
      case 4: cached = int(f, 'vertex.cached') !== 0; break;
      case 5: started = timestamp(f, 'vertex.started'); break;
      case 6: completed = timestamp(f, 'vertex.completed'); break;
      case 7: error = text(f, 'vertex.error') || undefined; break;
    }
  }
  return { digest, inputs, name, cached, ...(started && { started }), ...(completed && { completed }), ...(error && { error }) };
}

function status(bytes: Uint8Array): TraceStatus {
  let id = '';
  let vertexDigest = '';
  let name = '';
  let current = 0;
  let total = 0;
  let time: string | undefined;
  let started: string | undefined;
  let completed: string | undefined;
  for (const f of fieldsOf(bytes, 'status')) {
    switch (f.field) {
      case 1: id = text(f, 'status.id'); break;
      case 2: vertexDigest = text(f, 'status.vertex'); break;
      case 3: name = text(f, 'status.name'); break;
      case 4: current = int(f, 'status.current'); break;
      case 5: total = int(f, 'status.total'); break;
      case 6: time = timestamp(f, 'status.timestamp'); break;
      case 7: started = timestamp(f, 'status.started'); break;
      case 8: completed = timestamp(f, 'status.completed'); break;
    }
  }
  return {
    id,
    vertex: vertexDigest,
    name,
    current,
    total,
    ...(time && { timestamp: time }),
    ...(started && { started }),
    ...(completed && { completed }),
  };
}

function log(bytes: Uint8Array): TraceLog {
  let vertexDigest = '';
  let time: string | undefined;
  let stream = 0;
  let msg: Uint8Array = new Uint8Array(0);
  for (const f of fieldsOf(bytes, 'log')) {
    switch (f.field) {
      case 1: vertexDigest = text(f, 'log.vertex'); break;
      case 2: time = timestamp(f, 'log.timestamp'); break;
      case 3: stream = int(f, 'log.stream'); break;
      case 4: msg = bytesOf(f, 'log.msg'); break;
    }
  }
  return { vertex: vertexDigest, ...(time && { timestamp: time }), stream, msg };
}

function warning(bytes: Uint8Array): TraceWarning {
  let vertexDigest = '';
  let level = 0;
  let short = '';
  const detail: string[] = [];
  let url: string | undefined;
  for (const f of fieldsOf(bytes, 'warning')) {
    switch (f.field) {
      case 1: vertexDigest = text(f, 'warning.vertex'); break;
      case 2: level = int(f, 'warning.level'); break;
      case 3: short = text(f, 'warning.short'); break;
      case 4: detail.push(text(f, 'warning.detail')); break;
      case 5: url = text(f, 'warning.url') || undefined; break;
    }
  }
  return { vertex: vertexDigest, level, short, detail, ...(url && { url }) };
}

/** Decodes one StatusResponse. Never throws. */
export function decodeStatusResponse(bytes: Uint8Array): StatusDecodeResult {
  const vertexes: TraceVertex[] = [];
  const statuses: TraceStatus[] = [];
  const logs: TraceLog[] = [];
  const warnings: TraceWarning[] = [];
  try {
    for (const f of fieldsOf(bytes, 'status response')) {
      switch (f.field) {
        case 1: vertexes.push(vertex(bytesOf(f, 'vertexes'))); break;
        case 2: statuses.push(status(bytesOf(f, 'statuses'))); break;
        case 3: logs.push(log(bytesOf(f, 'logs'))); break;
        case 4: warnings.push(warning(bytesOf(f, 'warnings'))); break;
      }
    }
  } catch (e) {
    if (e instanceof Malformed) return { ok: false, error: `malformed BuildKit status: ${e.message}` };
    throw e;
  }
  return { ok: true, value: { vertexes, statuses, logs, warnings } };
}

/** Decodes the base64 `aux` of a `moby.buildkit.trace` record. Never throws. */
export function decodeTraceAux(base64: string): StatusDecodeResult {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
    return { ok: false, error: 'malformed BuildKit status: aux is not base64' };
  }
  return decodeStatusResponse(Uint8Array.from(Buffer.from(base64, 'base64')));
}
