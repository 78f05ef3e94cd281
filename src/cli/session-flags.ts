/**
 * What `dfkit build` offers a BuildKit build's session, in the docker CLI's forms: `--secret id=npmrc,src=…`
 * (a file), `--secret id=token,env=GH_TOKEN` (a variable), `--secret type=env,id=TOKEN` (the variable named like
 * the secret); `--ssh default` (the agent at `SSH_AUTH_SOCK`), `--ssh deploy=/path/to/agent.sock`; and where an
 * export goes (`--output`).
 */
import { resolve } from 'node:path';
import type { BuildOutput, BuildSecret, BuildSshAgent } from '../runtime/adapter.js';
import { CliError } from './io.js';

export function readSecretFlags(values: readonly string[], cwd: string): BuildSecret[] {
  return values.map((value) => readSecretFlag(value, cwd));
}

function readSecretFlag(value: string, cwd: string): BuildSecret {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    if (equals <= 0) throw new CliError(`--secret '${value}': '${part}' is not key=value (use id=…,src=… or id=…,env=…)`);
    const key = part.slice(0, equals).trim().toLowerCase();
    if (!['id', 'src', 'source', 'env', 'type'].includes(key)) throw new CliError(`--secret '${value}': unknown key '${key}' (use id, src, env or type)`);
    fields.set(key === 'source' ? 'src' : key, part.slice(equals + 1));
  }
  const id = fields.get('id');
  if (!id) throw new CliError(`--secret '${value}': an id= is required`);
  const type = fields.get('type');
  if (type !== undefined && type !== 'file' && type !== 'env') throw new CliError(`--secret '${value}': unknown type '${type}' (use file or env)`);
  const src = fields.get('src');
  const env = fields.get('env') ?? (type === 'env' && src === undefined ? id : undefined);
  if (src !== undefined && env !== undefined) throw new CliError(`--secret '${value}': give src= or env=, not both`);
  if (src !== undefined) {
    if (type === 'env') throw new CliError(`--secret '${value}': type=env takes env=, not src=`);
    return { id, file: resolve(cwd, src) };
  }
  if (env !== undefined) return { id, env };
  throw new CliError(`--secret '${value}': say where the secret comes from: src=<file> or env=<variable>`);
}

export function readSshFlags(values: readonly string[], cwd: string): BuildSshAgent[] {
  return values.map((value) => {
    const equals = value.indexOf('=');
    const id = (equals === -1 ? value : value.slice(0, equals)).trim();
    if (id === '') throw new CliError(`--ssh '${value}': an id is required (default, or <id>=<agent socket>)`);
    if (equals === -1) return { id };
    const socket = value.slice(equals + 1);
    if (socket.includes(',')) throw new CliError(`--ssh '${value}': give one agent socket (key files are not read: load them with ssh-add)`);
    return socket === '' ? { id } : { id, socket: resolve(cwd, socket) };
  });
}

/** `-o DIR`, `-o type=local,dest=DIR` or `-o type=tar,dest=FILE`, as the docker CLI reads them. */
export function readOutputFlag(value: string | undefined, cwd: string): BuildOutput | undefined {
  if (value === undefined) return undefined;
  if (!value.includes('=')) {
    if (value === '' || value === '-') throw new CliError(`--output '${value}': give a directory, or type=tar,dest=<file>`);
    return { type: 'local', dest: resolve(cwd, value) };
  }
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const equals = part.indexOf('=');
    const key = equals <= 0 ? '' : part.slice(0, equals).trim().toLowerCase();
    if (key !== 'type' && key !== 'dest') throw new CliError(`--output '${value}': '${part}' is not type=… or dest=…`);
    fields.set(key, part.slice(equals + 1));
  }
  const type = fields.get('type') ?? 'local';
  if (type !== 'local' && type !== 'tar') throw new CliError(`--output '${value}': unknown type '${type}' (use local or tar)`);
  const dest = fields.get('dest');
  if (!dest || dest === '-') throw new CliError(`--output '${value}': dest= must name a ${type === 'tar' ? 'file' : 'directory'}`);
  return { type, dest: resolve(cwd, dest) };
}
