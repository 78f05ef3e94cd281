/**
 * `dfkit plan [context] [-f Dockerfile] [--target T] [--build-arg K=V]… [--platform P] [--network none|host|default]
 * [--builder buildkit|classic] [--format text|json|dot|mermaid] [--since plan.json] [--changed paths…] [-o file]`
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  createRemoteSourceFetcher,
  explainChanges,
  hostPlatform,
  plan,
  planFromJson,
  planToDot,
  planToJson,
  planToMermaid,
  planToText,
  planWhatIf,
  PlanFormatError,
  ContextScanError,
  imageReferences,
  IgnoreFileError,
  type BaseImageIdentity,
  type Explanation,
  type Plan,
  type PlanOptions,
} from '../planner/index.js';
import { baseImageIdentity, EngineClient, EngineError } from '../runtime/index.js';
import { readBuildArgs } from './build-args.js';
import { parseCommandLine } from './command-line.js';
import { CliError, type CommandIO } from './io.js';
import { readDockerfile } from './read-dockerfile.js';
import { describeEncoding, isConcreteImageReference } from '../parser/index.js';
import { samePath } from './rewrite-guard.js';
import { parsePlatform } from '../planner/args.js';

const USAGE = `Usage: dfkit plan [context] [options]

Computes the cache key of every step the way the engine will, and (with --since or --changed) which steps
rebuild and why.

Options:
  -f, --file <path>          Dockerfile (default: <context>/Dockerfile)
      --target <stage>       Build this stage (default: the last one)
      --build-arg <K=V>      Build argument (repeatable)
      --platform <os/arch>   Target platform (default: this machine's, as docker build on a local engine)
      --network <mode>       none | host | default (BuildKit keys RUN steps on it; default: default)
      --builder <model>      buildkit | classic | podman (default: buildkit)
      --format <format>      text | json | dot | mermaid (default: text)
      --since <plan.json>    Compare with a saved plan: which steps rebuild, and why
      --changed <paths…>     What if these context files were edited? (every path up to the next option)
      --resolve-images       Ask the local Docker engine for base images' IDs and layers (BuildKit keys a
                             base on its layer chain, the classic builder on its ID); without it, on the reference
      --fetch-remote         Download ADD URLs to key their steps as the engine does (on the file's name and
                             content); without it, on the URL's text
      --cache-dir <dir>      Where file digests are cached (default: the user cache directory)
      --no-cache-dir         Do not read or write the digest cache
  -o, --output <file>        Write the result to a file instead of standard output
      --no-color             No colours in text output
  -h, --help                 Show this help
`;

/**
 * A `--changed` path as the planner takes it: relative to the context (an absolute path must lie inside it).
 * A path outside the context cannot change what a build copies, so naming one is a mistake worth saying.
 */
function contextPathOf(path: string, context: string): string {
  const inside = relative(context, isAbsolute(path) ? path : resolve(context, path));
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new CliError(`--changed ${path}: not in the build context ${context}`);
  }
  return inside === '' ? '.' : inside.split(sep).join('/');
}

/** `--changed a b c` takes every argument up to the next option; node's parser takes one value per flag. */
function splitChanged(argv: readonly string[]): { rest: string[]; changed: string[] | null } {
  const rest: string[] = [];
  let changed: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--changed' || arg.startsWith('--changed=')) {
      changed ??= [];
      if (arg.includes('=')) changed.push(arg.slice(arg.indexOf('=') + 1));
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) changed.push(argv[++i]!);
      continue;
    }
    rest.push(arg);
  }
  return { rest, changed };
}

export async function runPlan(argv: readonly string[], io: CommandIO): Promise<number> {
  const { rest, changed } = splitChanged(argv);
  const parsed = parseCommandLine(
    rest,
    {
      file: { type: 'string', short: 'f' },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true, default: [] },
      platform: { type: 'string' },
      network: { type: 'string', default: 'default' },
      builder: { type: 'string', default: 'buildkit' },
      format: { type: 'string', default: 'text' },
      since: { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache-dir': { type: 'boolean' },
      'resolve-images': { type: 'boolean' },
      'fetch-remote': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new CliError(`plan takes one context directory, got ${positionals.length}`);
  const network = values.network;
  if (network !== 'none' && network !== 'host' && network !== 'default') {
    throw new CliError(`unknown network mode '${network}' (use none, host or default)`);
  }
  const builder = values.builder;
  if (builder !== 'buildkit' && builder !== 'classic' && builder !== 'podman') {
    throw new CliError(`unknown builder '${builder}' (use buildkit, classic or podman)`);
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'dot' && format !== 'mermaid') {
    throw new CliError(`unknown format '${format}' (use text, json, dot or mermaid)`);
  }
  if (values.platform !== undefined && parsePlatform(values.platform) === null) {
    throw new CliError(`--platform "${values.platform}" is not a platform (expected os/arch[/variant], e.g. linux/arm64)`);
  }
  if (values.since !== undefined && changed !== null) throw new CliError('use either --since or --changed, not both');
  if (changed !== null && changed.length === 0) throw new CliError('--changed needs at least one path');

  const context = resolve(io.cwd, positionals[0] ?? '.');
  const dockerfilePath = values.file !== undefined ? resolve(io.cwd, values.file) : resolve(context, 'Dockerfile');
  if (values.output !== undefined && samePath(resolve(io.cwd, values.output), dockerfilePath)) {
    throw new CliError(`refusing to write the plan over the Dockerfile '${values.output}'`);
  }
  const { text, encoding } = await readDockerfile(io, dockerfilePath);
  if (encoding !== 'utf-8') {
    throw new CliError(`${dockerfilePath} is encoded as ${describeEncoding(encoding)}; Docker reads Dockerfiles as UTF-8 and will not build it: save it as UTF-8`);
  }
  const machine = hostPlatform();
  const options: PlanOptions = {
    context,
    dockerfilePath,
    target: values.target,
    buildArgs: readBuildArgs(values['build-arg']),
    // A local engine targets its own platform by default and always builds on it (BUILDPLATFORM).
    platform: values.platform ?? machine,
    buildPlatform: machine,
    builder,
    network,
    cacheDir: values['no-cache-dir'] ? (false as const) : (values['cache-dir'] ?? io.env['DFKIT_CACHE_DIR']),
    env: io.env,
    // One reader for every plan this command makes, so a URL is downloaded once.
    ...(values['fetch-remote'] && { remoteSources: createRemoteSourceFetcher() }),
  };

  let result: Plan;
  let explanation: Explanation | null = null;
  if (values['resolve-images']) {
    const first = await plan(text, { ...options, context: null, remoteSources: undefined });
    // Names that are no valid reference are the plan's diagnostics, not questions for the engine.
    const references = imageReferences(first.stages).filter(isConcreteImageReference);
    const resolved = await resolveBaseImages(references, io);
    Object.assign(options, { baseImages: resolved });
  }
  try {
    if (changed !== null) {
      const whatIf = await planWhatIf(text, options, changed.map((path) => contextPathOf(path, context)));
      result = whatIf.plan;
      explanation = whatIf.explanation;
    } else {
      result = await plan(text, options);
      if (values.since !== undefined) {
        let previous: Plan;
        try {
          previous = planFromJson(await io.readFile(resolve(io.cwd, values.since)));
        } catch (error) {
          if (error instanceof PlanFormatError) throw new CliError(`cannot use '${values.since}': ${error.message}`);
          throw error;
        }
        explanation = explainChanges(result, previous);
      }
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    // The context or its ignore file is the input here: its problems are the user's to fix, with the message
    // naming the path (and the pattern's line), not a fault of dfkit.
    if (error instanceof IgnoreFileError || error instanceof ContextScanError) throw new CliError(error.message, 1);
    const problem = error as NodeJS.ErrnoException;
    if (typeof problem.code === 'string' && typeof problem.path === 'string') {
      throw new CliError(`cannot read '${problem.path}': ${problem.code}`);
    }
    throw error;
  }

  const color = format === 'text' && values.output === undefined && io.isTTY && !values['no-color'] && !io.env['NO_COLOR'];
  const rendered =
    format === 'json'
      ? planToJson(result)
      : format === 'dot'
        ? planToDot(result)
        : format === 'mermaid'
          ? planToMermaid(result)
          : planToText(result, { color, explanation });
  if (values.output !== undefined) await io.writeFile(resolve(io.cwd, values.output), rendered);
  else io.stdout(rendered);
  // Whatever the format, and wherever the plan went (-o), problems reach standard error with the file they are
  // in, as compilers print them: the text plan shows them too, but without the path, and a CI log may not show it.
  for (const diagnostic of result.diagnostics) {
    const at = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
    io.stderr(`${dockerfilePath}:${at}: ${diagnostic.severity}: ${diagnostic.message} [${diagnostic.code}]\n`);
  }
  return result.diagnostics.some((diagnostic) => diagnostic.severity === 'error') ? 1 : 0;
}

/** Base image identities from the local engine; images it does not have stay keyed on their reference. */
async function resolveBaseImages(references: readonly string[], io: CommandIO): Promise<Record<string, BaseImageIdentity>> {
  const engine = new EngineClient({ env: io.env });
  const out: Record<string, BaseImageIdentity> = {};
  for (const reference of [...new Set(references)]) {
    try {
      out[reference] = baseImageIdentity(await engine.inspectImage(reference));
    } catch (error) {
      if (error instanceof EngineError && error.notFound) {
        io.stderr(`dfkit: ${reference} is not in the local engine; keyed on its reference\n`);
        continue;
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new CliError(
        `--resolve-images needs a Docker engine (${reason}); start one (e.g. dockerd) or set DOCKER_HOST, or leave the option out`,
      );
    }
  }
  return out;
}
