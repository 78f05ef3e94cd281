import type { CopyInstruction, AddInstruction, Instruction, RunInstruction } from '../../parser/index.js';
import { contextPresence, copyLines, copySources, ECOSYSTEMS, readQuietly, type Ecosystem } from '../install-manifests.js';
import { runScripts } from '../run-script.js';
import { lineAfter } from '../move-instruction.js';
import { lineEndOf } from '../source-lines.js';
import type { RuleModule, TextEdit } from '../types.js';

/** Files whose copy before an install is what the install needs, not what invalidates it. */
const MANIFEST_NAMES =
  /(?:^|\/)(?:package(?:-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|\.yarnrc\.yml|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|requirements[^/]*\.txt|constraints[^/]*\.txt|pyproject\.toml|poetry\.lock|Pipfile(?:\.lock)?|uv\.lock|setup\.(?:py|cfg)|go\.(?:mod|sum)|Cargo\.(?:toml|lock)|Gemfile(?:\.lock)?|composer\.(?:json|lock)|pom\.xml|[^/]*\.gradle(?:\.kts)?|gradle(?:\.properties|w)?|[^/]*\.(?:csproj|fsproj|sln)|nuget\.config|\.mvn|bun\.lockb?|mix\.(?:exs|lock)|pubspec\.(?:yaml|lock)|Package\.(?:swift|resolved)|cpanfile(?:\.snapshot)?|renv\.lock|environment\.ya?ml|pdm\.lock|shard\.(?:yml|lock)|project\.clj|deps\.edn|vcpkg(?:-configuration)?\.json|build\.sbt|stack\.yaml(?:\.lock)?|[^/]*\.cabal|cabal\.project(?:\.freeze)?|(?:Julia)?Project\.toml|Manifest\.toml)$/;

/**
 * Instructions the full copy may be moved past without changing the image: they neither read the copied
 * files nor change where a copy lands (WORKDIR does, so it only qualifies for an absolute destination).
 */
const NEUTRAL = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'STOPSIGNAL']);

type CopyLike = CopyInstruction | AddInstruction;

/** Whether a COPY/ADD takes the whole build context or a source directory (not a single manifest file). */
function isBroadCopy(copy: CopyLike): boolean {
  if (copy.options.from || copy.sources.length === 0) return false;
  return copy.sources.some((source) => {
    if (source.heredoc) return false;
    const path = source.value.replace(/^\.\//, '');
    if (path === '' || path === '.' || path === '*' || path === './') return true;
    if (MANIFEST_NAMES.test(path.replace(/\/$/, ''))) return false;
    if (/^[a-z]+:\/\//i.test(path)) return false;
    const last = path.replace(/\/$/, '').split('/').pop() ?? '';
    return path.endsWith('/') || !last.includes('.');
  });
}

function isWholeContext(copy: CopyLike): boolean {
  return copy.sources.length === 1 && /^(?:\.|\.\/)$/.test(copy.sources[0]?.value ?? '');
}

/** Whether a COPY/ADD after `index` takes the whole context or a source directory. */
function broadCopyAfter(instructions: readonly Instruction[], index: number): boolean {
  for (let next = index + 1; next < instructions.length; next++) {
    const instruction = instructions[next] as Instruction;
    if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && isBroadCopy(instruction)) return true;
  }
  return false;
}

/**
 * Every ecosystem's pattern starts with one of these words at a word boundary: a RUN without one is passed over
 * without trying each pattern on its whole text.
 */
const ANY_INSTALL_WORD = /\b(?:npm|yarn|pnpm|pip|poetry|uv|go|cargo|bundle|composer|mvn|gradle|dotnet|bun|mix|pub|swift|cpanm|carton|renv|conda|mamba|micromamba|pdm|shards|lein|clj|clojure|vcpkg|sbt|stack|cabal|Pkg)/;

function installOf(run: RunInstruction): { ecosystem: Ecosystem } | null {
  const text = run.command?.form === 'shell' ? run.command.text : run.command?.args.map((a) => a.value).join(' ');
  if (!text) return null;
  // The heredoc bodies the RUN runs as scripts count; one written to a file (`cat <<EOF > x`) does not.
  const bodies = run.heredocs.length > 0 ? runScripts(run).filter((script) => script.origin === 'heredoc') : [];
  const script = bodies.length > 0 ? `${text}\n${bodies.map((body) => body.text).join('\n')}` : text;
  if (!ANY_INSTALL_WORD.test(script)) return null;
  for (const ecosystem of ECOSYSTEMS) if (ecosystem.install.test(script)) return { ecosystem };
  return null;
}

/** Steps that may share the install's RUN: they read no source files. */
const CLEANUP = /^(?:npm cache clean\b|yarn cache clean\b|pnpm store prune\b|pip3? cache purge\b|bun pm cache rm\b|mix local\.(?:hex|rebar)\b|rm -[a-z]*\s|set -[a-z]+$|true$|:$)/;

/** Whether every step of the RUN is the install itself or cleanup, so the RUN can run before the sources exist. */
function onlyInstalls(command: string, ecosystem: Ecosystem): boolean {
  return command
    .split(/&&|\|\||;/)
    .map((step) => step.trim())
    .every((step) => step === '' || ecosystem.install.test(step) || CLEANUP.test(step));
}

export const dependencyInstallOrder: RuleModule = {
  meta: {
    id: 'dependency-install-order',
    severity: 'warning',
    category: 'cache',
    locality: 'stage',
    citesLines: true,
    fixable: 'safe',
    docs: {
      summary: 'Copy dependency manifests and install before copying the sources',
      description:
        'Flags a `COPY`/`ADD` of the whole build context or of source directories that comes before the step ' +
        'that installs dependencies (npm, yarn, pnpm, bun, pip, poetry, pipenv, uv, go modules, cargo, bundler, ' +
        'composer, maven, gradle, dotnet restore, mix deps.get, dart/flutter pub get, swift package resolve, ' +
        'cpanm --installdeps, carton, pdm, shards, lein deps, clojure -P, vcpkg in manifest mode, sbt update, ' +
        'stack and cabal --only-dependencies, Julia Pkg.instantiate, renv::restore, conda environments) in the same stage. ' +
        'Folders copied before the install are left alone when the stage copies the whole context or more source ' +
        'folders after it: copied apart from the rest, they are what the install reads (a workspace package, a ' +
        'local path dependency).',
      rationale:
        'A layer is rebuilt when anything it copies changes, and every later step is rebuilt with it. When ' +
        'the sources are copied before the install, editing any source file invalidates the install step, so ' +
        'every build downloads and installs all dependencies again. Copying only the manifest and lock files ' +
        'first keeps the install cached until the dependencies themselves change.',
      example: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]',
      useInstead:
        'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]',
      fixSafety:
        'The copy names every requirements and constraints file a pip install gives (`-r`, `-c`). ' +
        'Offered when the whole context is copied and nothing between the copy and the install reads files or ' +
        'moves the working directory (ENV, ARG, LABEL, EXPOSE, USER, STOPSIGNAL; WORKDIR only when the ' +
        'destination is absolute): the full copy becomes a copy of the manifests, with the same flags and ' +
        'destination (a file in a folder of the context lands in the same folder), and the full copy moves to ' +
        'just after the install. When the build context is known (the command line and the language server ' +
        'pass the Dockerfile\'s folder, with its ignore file), the copy names the manifests and lock files it ' +
        'holds, follows a requirements file\'s `-r` and `-c` includes, and no fix is offered when a manifest the ' +
        'install needs is missing or the requirements install from the context itself (`-e .`, a local path, a ' +
        'local `--find-links` folder); without it, a lock file a project may not have is written as a pattern ' +
        'of its one name (`go.su[m]`), which copies nothing when the file is absent, and a requirements file ' +
        'is copied alone. Not offered for installs that read the project itself: `cargo fetch` (it reads the ' +
        'package\'s targets), `poetry install` without `--no-root`, `uv sync` without `--no-install-project`, ' +
        '`composer install` without both `--no-scripts` and `--no-autoloader`, `pdm install`/`sync` without ' +
        '`--no-self`, vcpkg with overlay ports or triplets; and, with the context known, ' +
        'npm/yarn/pnpm/bun workspaces, local (`file:`) packages or install scripts of the package (unless ' +
        '`--ignore-scripts`), Go modules replaced by a folder or a `go.work`, a Gemfile with `gemspec`, path ' +
        'dependencies of poetry, pipenv, uv, pdm, bundler, mix, pub, shards, Clojure (`:local/root`) or Swift ' +
        'packages, composer path repositories, Maven modules, mix umbrellas and a mix.exs that reads a file, a ' +
        'project.clj that reads one, pub workspaces. gradle, dotnet restore, sbt, stack, cabal, Julia, renv and ' +
        'conda installs are reported without a fix: the files they read cannot be told from the command. The image ' +
        'ends up with the same files; only an install that reads other files in ways its manifests do not ' +
        'show would behave differently, which is rare and shows in the diff.',
    },
  },
  create(context) {
    const { text } = context;
    const present = contextPresence(context.settings);
    const files = context.settings.buildContext;
    const reader = (path: string): string | undefined => (files ? readQuietly(files, path) : undefined);
    return {
      Stage(stage) {
        let broad: CopyLike | null = null;
        let between: Instruction[] = [];
        // Whether the whole context was copied since `broad`.
        let wholeContext = false;
        const instructions = stage.stage.instructions;
        for (let index = 0; index < instructions.length; index++) {
          const instruction = instructions[index] as Instruction;
          if ((instruction.kind === 'COPY' || instruction.kind === 'ADD') && isBroadCopy(instruction)) {
            if (!broad) {
              broad = instruction;
              between = [];
              wholeContext = false;
            }
            wholeContext ||= isWholeContext(instruction);
            continue;
          }
          if (!broad) continue;
          if (instruction.kind !== 'RUN') {
            between.push(instruction);
            continue;
          }
          const install = installOf(instruction);
          if (!install) {
            between.push(instruction);
            continue;
          }
          if (!wholeContext && broadCopyAfter(instructions, index)) {
            // Folders copied before the install and the rest after it: the folders are ones the install reads
            // (a workspace package, a local path dependency), copied there on purpose.
            broad = null;
            continue;
          }
          const commandText = instruction.command?.text ?? '';
          const destination = broad.destination?.value ?? '.';
          const manifests = install.ecosystem.manifests(commandText, destination, context.settings.buildContext);
          const named = manifests ? [...manifests.required, ...manifests.optional] : null;
          const message =
            `${broad.keyword} on line ${broad.startLine} copies sources before the ${install.ecosystem.name} install ` +
            `on line ${instruction.startLine}, so any source change re-runs the install; copy ` +
            `${named ? named.join(' and ') : 'the dependency manifests'} first, install, then copy the rest`;
          const sources =
            manifests && !install.ecosystem.needsSources?.(commandText, reader) ? copySources(manifests, present) : null;
          const movable = between.every(
            (i) => NEUTRAL.has(i.name) || (i.name === 'WORKDIR' && destination.startsWith('/')),
          );
          let fix;
          // The full copy goes on the line after the install, unless the file ends inside the install's continuation.
          let after: number | null = null;
          if (
            sources &&
            isWholeContext(broad) &&
            movable &&
            onlyInstalls(commandText, install.ecosystem) &&
            !broad.raw.includes('$') &&
            broad.destination &&
            (after = lineAfter(text, instruction)) !== null
          ) {
            // The full copy moves below the install, and a copy of just the manifests takes its place, so
            // everything between (ENV values the install relies on, say) stays where it was.
            const flags = broad.flags.map((flag) => text.slice(flag.range.start.offset, flag.range.end.offset));
            const eol = text.charAt(lineEndOf(text, broad.range.end.offset) - 2) === '\r' ? '\r\n' : '\n';
            const manifestCopy = copyLines([broad.keyword, ...flags].join(' '), sources, destination).join(eol);
            // A moved instruction takes its whole line with it (an instruction ends mid-line only at a heredoc
            // terminator or a continuation, both line-final).
            const moved = (after === text.length && !text.endsWith('\n') ? eol : '') + broad.raw + eol;
            const edits: TextEdit[] = [
              { start: broad.range.start.offset, end: broad.range.end.offset, text: manifestCopy },
              { start: after, end: after, text: moved },
            ];
            fix = { description: `Copy ${sources.join(' and ')} and install before copying the sources`, edits };
          }
          const sourceRange = broad.sources[0]?.range ?? broad.range;
          context.report({ message, range: sourceRange, ...(fix ? { fix } : {}) });
          broad = null;
        }
      },
    };
  },
};
