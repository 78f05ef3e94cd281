// The two functions alone: semver's index loads every one of its modules, a few milliseconds at each start.
import coerce from 'semver/functions/coerce.js';
import gtr from 'semver/ranges/gtr.js';
import { detectSyntax, type Flag, type Instruction, type Range } from '../../parser/index.js';
import type { ReportDescriptor, RuleContext, RuleModule } from '../types.js';

/** A `# syntax=` that selects a numbered release of Docker's own Dockerfile frontend. */
export interface FrontendPin {
  /** The reference as written, e.g. `docker/dockerfile:1.2`. */
  readonly ref: string;
  /** The releases the tag can resolve to, as a semver range: `1.4` floats over `1.4.x`, `1` over `1.x`. */
  readonly range: string;
  /** `-labs` (or the older `-experimental`) channel, which has features before the stable one. */
  readonly labs: boolean;
}

/** The first frontend release with a feature, per channel. */
export interface FeatureVersion {
  /** `null` when only the labs channel has it. */
  readonly stable: string | null;
  /**
   * The first labs release with it. Where the labs channel had a feature earlier but the release is not
   * documented, this is `1.0` so that a labs pin is never flagged on a guess.
   */
  readonly labs: string;
}

const DOCKER_FRONTEND = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::([^@\s]+))?(@\S+)?$/;
const VERSION_TAG = /^(\d+)(?:\.(\d+)(?:\.(\d+))?)?(-labs|-experimental)?$/;

/**
 * The frontend release the file pins, or `null` when nothing is pinned that a version can be read from: no
 * directive, another frontend, an untagged or `latest`/`labs`/`master` reference, a release candidate, or a
 * digest (which names one exact build whose version the reference does not state).
 */
export function frontendPin(text: string): FrontendPin | null {
  // Two rules ask this of every file they are created for: answer the second from the first.
  if (text !== lastPinText) {
    lastPin = readPin(text);
    lastPinText = text;
  }
  return lastPin;
}

let lastPinText: string | null = null;
let lastPin: FrontendPin | null = null;

function readPin(text: string): FrontendPin | null {
  const syntax = detectSyntax(text);
  if (!syntax) return null;
  const match = DOCKER_FRONTEND.exec(syntax.ref);
  if (!match || match[2] !== undefined || match[1] === undefined) return null;
  const version = VERSION_TAG.exec(match[1]);
  if (!version) return null;
  const [, major, minor, patch, channel] = version;
  const range = minor === undefined ? `${major}.x` : patch === undefined ? `${major}.${minor}.x` : `${major}.${minor}.${patch}`;
  return { ref: syntax.ref, range, labs: channel !== undefined };
}

/** Whether every release the pin can resolve to predates `version` (`1.4` is read as `1.4.0`). */
function predates(pin: FrontendPin, version: string): boolean {
  // Asked for every flag of every instruction of a pinned file, with a handful of distinct answers.
  const key = `${version} ${pin.range}`;
  let answer = predatesAnswers.get(key);
  if (answer === undefined) {
    const needed = coerce(version);
    answer = needed !== null && gtr(needed, pin.range);
    if (predatesAnswers.size >= MAX_PREDATES_ANSWERS) predatesAnswers.clear();
    predatesAnswers.set(key, answer);
  }
  return answer;
}

const predatesAnswers = new Map<string, boolean>();
/** Pins typed in an editor come and go; the table never holds more than this many answers. */
const MAX_PREDATES_ANSWERS = 512;

/** Whether the pinned frontend has the feature; `null` pins (nothing or latest) have everything. */
export function pinSupports(pin: FrontendPin | null, feature: FeatureVersion): boolean {
  if (!pin) return true;
  if (pin.labs) return !predates(pin, feature.labs);
  return feature.stable !== null && !predates(pin, feature.stable);
}

/** `RUN --mount` (the experimental channel had it from 1.0). */
export const MOUNT_FEATURE: FeatureVersion = { stable: '1.2', labs: '1.0' };

/**
 * From BuildKit's documented minimum versions; labs releases from the frontend's release notes (heredocs
 * 1.3-labs, ADD of git and --checksum 1.5-labs, --exclude and --parents 1.7-labs, --device 1.14-labs).
 * `ADD --keep-git-dir` came with ADD of a git repository (1.5-labs, 1.6): Docker 20.10's built-in frontend,
 * which has `RUN --mount` (1.2), refuses the flag (measured).
 */
const FEATURES = {
  heredoc: { stable: '1.4', labs: '1.3' },
  mount: MOUNT_FEATURE,
  network: { stable: '1.3', labs: '1.0' },
  security: { stable: '1.20', labs: '1.0' },
  device: { stable: null, labs: '1.14' },
  link: { stable: '1.4', labs: '1.4' },
  chmod: { stable: '1.2', labs: '1.2' },
  checksum: { stable: '1.6', labs: '1.5' },
  keepGitDir: { stable: '1.6', labs: '1.5' },
  unpack: { stable: '1.17', labs: '1.17' },
  exclude: { stable: '1.19', labs: '1.7' },
  parents: { stable: '1.20', labs: '1.7' },
  check: { stable: '1.8', labs: '1.8' },
  gitSource: { stable: '1.6', labs: '1.5' },
  startInterval: { stable: '1.6', labs: '1.6' },
} satisfies Record<string, FeatureVersion>;

type FeatureName = keyof typeof FEATURES;

/** Flags by instruction, with the feature each needs. */
const FLAG_FEATURES: Readonly<Record<string, Readonly<Record<string, FeatureName>>>> = {
  RUN: { mount: 'mount', network: 'network', security: 'security', device: 'device' },
  COPY: { link: 'link', chmod: 'chmod', exclude: 'exclude', parents: 'parents' },
  ADD: { link: 'link', chmod: 'chmod', exclude: 'exclude', checksum: 'checksum', 'keep-git-dir': 'keepGitDir', unpack: 'unpack' },
  HEALTHCHECK: { 'start-interval': 'startInterval' },
};

/** The sources ADD fetches with git: git and ssh schemes, scp-like addresses, `.git` URLs, bare GitHub paths. */
const GIT_SOURCE = /^(?:git:\/\/|ssh:\/\/|git@[^:\s]+:|https?:\/\/[^\s#]+\.git(?:[#/]|$)|github\.com\/)/i;

function needed(pin: FrontendPin, feature: FeatureVersion): string {
  if (pin.labs) return `Dockerfile frontend ${feature.labs}-labs or newer`;
  if (feature.stable === null) return `the labs channel of the Dockerfile frontend (${feature.labs}-labs or newer)`;
  return `Dockerfile frontend ${feature.stable} or newer`;
}

/**
 * Raises the pin to the release that brought the feature, in the pin's channel, keeping the reference around
 * the tag. `undefined` for a feature only the labs channel has under a stable pin (that would change channels).
 */
function raisePin(context: RuleContext, pin: FrontendPin, feature: FeatureVersion): ReportDescriptor['fix'] {
  const version = pin.labs ? `${feature.labs}-labs` : feature.stable;
  const directive = context.ast.directives.find((d) => d.name === 'syntax');
  if (version === null || directive === undefined || directive.value !== pin.ref) return undefined;
  const tagStart = directive.valueRange.start.offset + pin.ref.lastIndexOf(':') + 1;
  return {
    description: `Pin the Dockerfile frontend at ${version}`,
    edits: [{ start: tagStart, end: directive.valueRange.end.offset, text: version }],
  };
}

/** `--name`, without its value: the token that needs the newer frontend. */
function flagToken(flag: Flag): Range {
  return { start: flag.range.start, end: flag.nameRange.end };
}

export const frontendVersion: RuleModule = {
  meta: {
    id: 'frontend-version',
    severity: 'warning',
    category: 'compatibility',
    // The pin is read from the directives at the top, part of the text before the first FROM that every stage
    // sees; the `# check=` directive is reported from the `Dockerfile` hook, afresh on every lint.
    locality: 'stage',
    fixable: 'unsafe',
    docs: {
      summary: 'Features newer than the Dockerfile frontend pinned by `# syntax=`',
      description:
        'When `# syntax=docker/dockerfile:X[.Y[.Z]]` (also `docker.io/…`, `dockerfile-upstream`, `-labs`) pins a ' +
        'release of the Dockerfile frontend, flags each feature that release does not have, with the release ' +
        'that introduced it: heredocs (1.4), `RUN --mount` (1.2), `--network` (1.3), `--security` (1.20), ' +
        '`--device` (labs only, 1.14-labs), `COPY`/`ADD --link` (1.4), `--chmod` (1.2), `ADD --checksum` (1.6), ' +
        '`ADD --keep-git-dir` (1.6), `ADD --unpack` (1.17), `--exclude` (1.19), `COPY --parents` (1.20), ' +
        '`ADD` of a git repository (1.6), `HEALTHCHECK --start-interval` (1.6) and the `# check=` directive ' +
        '(1.8). A labs pin is compared with the labs release of a feature where it came earlier (heredocs ' +
        '1.3-labs, git sources, `--keep-git-dir` and `--checksum` 1.5-labs, `--exclude` and `--parents` 1.7-labs). A major-only ' +
        'pin such as `docker/dockerfile:1` follows the latest 1.x release and is only flagged for labs-only ' +
        'features; a pin by digest is not checked. ONBUILD triggers are not checked: they are parsed by the ' +
        'frontend of the build that uses the image.',
      rationale:
        'The `# syntax=` line decides which parser and builder front end runs the file. A pinned older ' +
        'release does not know newer flags and fails with `unknown flag`; an older release also reads a ' +
        'heredoc as plain text, so the lines after it become instructions of their own. The file only ' +
        'builds with the pin raised, or the feature removed.',
      example: '# syntax=docker/dockerfile:1.2\nFROM alpine:3.19\nCOPY --link app/ /app/',
      useInstead: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.19\nCOPY --link app/ /app/',
      fixSafety:
        'Unsafe: the tag of the `# syntax=` reference becomes the release that brought the feature (in the ' +
        'pin\'s channel: `1.5-labs` for a labs pin), the rest of the reference kept; with several features, ' +
        'each pass of `--fix-unsafe` raises it further until every one is covered. Not offered for a feature ' +
        'only the labs channel has under a stable pin. What can change: the build runs another release of ' +
        'the frontend, which the builder pulls, and newer releases run the build checks and read a few things ' +
        'differently (a `<<` word as a heredoc).',
    },
  },
  create(context: RuleContext) {
    const pin = frontendPin(context.text);
    if (!pin) return {};
    const report = (what: string, feature: FeatureVersion, range: Range): void => {
      if (pinSupports(pin, feature)) return;
      const fix = raisePin(context, pin, feature);
      context.report({ message: `${what} needs ${needed(pin, feature)}; this file pins ${pin.ref}`, range, ...(fix ? { fix } : {}) });
    };
    const check = (instruction: Instruction): void => {
      const byFlag = FLAG_FEATURES[instruction.name];
      if (byFlag) {
        const seen = new Set<string>();
        for (const flag of instruction.flags) {
          const feature = byFlag[flag.name];
          if (feature === undefined || seen.has(flag.name)) continue;
          seen.add(flag.name);
          report(`${instruction.name} --${flag.name}`, FEATURES[feature], flagToken(flag));
        }
      }
      const heredoc = instruction.heredocs[0];
      if (heredoc) {
        const word = context.text.slice(heredoc.wordRange.start.offset, heredoc.wordRange.end.offset);
        report(`The heredoc ${word}`, FEATURES.heredoc, heredoc.wordRange);
      }
      if (instruction.kind === 'ADD') {
        const git = instruction.sources.find((source) => !source.heredoc && GIT_SOURCE.test(source.value));
        if (git) report('ADD of a git repository', FEATURES.gitSource, git.range);
      }
    };
    return {
      Dockerfile(ast) {
        const directive = ast.directives.find((d) => d.name === 'check');
        if (directive) {
          report('The # check= directive', FEATURES.check, { start: directive.nameRange.start, end: directive.valueRange.end });
        }
      },
      RUN(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
      COPY(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
      ADD(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
      HEALTHCHECK(node, scope) {
        if (!scope.inOnbuild) check(node);
      },
    };
  },
};
