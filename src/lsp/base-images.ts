/**
 * Base images as a build finds them (the local engine, then their registries), for the editor
 * (`initializationOptions.resolveImages`). They are asked about in the background, once per reference, so a
 * keystroke never waits; when answers change what is known, the documents are linted again with it (UndefinedVar
 * then checks every variable of a stage on such an image, and InvalidBaseImagePlatform compares platforms).
 */
import { baseImageReferencesOf, type BaseImageFacts, type LintOptions, type LintSettings } from '../lint/index.js';
import { endOffsetOf, startOffsetOf } from '../parser/source.js';
import type { ImageFactsSource } from '../runtime/docker/image-facts.js';
import type { Analysis } from './analysis.js';

/** How long "no such image" is believed before the image is asked about again (it may be pulled or pushed meanwhile). */
const NOT_HELD_FOR_MS = 30_000;

export interface BaseImageServiceOptions {
  /** Told when what is known changed: documents should be linted again. */
  readonly onChanged: () => void;
  /** Told of a failure worth a line in the log (an image that could not be looked up, no platform). */
  readonly onFailure: (message: string) => void;
}

type Settings = Pick<LintSettings, 'baseImages' | 'platform' | 'buildPlatform'>;

export class BaseImageService {
  readonly #source: ImageFactsSource;
  readonly #options: BaseImageServiceOptions;
  readonly #facts: Record<string, BaseImageFacts> = {};
  /** When each image found nowhere (or that could not be looked up) was last asked about. */
  readonly #notHeld = new Map<string, number>();
  readonly #asking = new Set<string>();
  #platform: string | null = null;
  #platformAsked = false;
  /** Set when the platform builds target could not be told: nothing more is asked. */
  #stopped = false;
  /** What the lint options carry now; a new object whenever it changes, so options made from it change too. */
  #settings: Settings | null = null;
  #withSettings = new WeakMap<LintOptions, LintOptions>();

  constructor(source: ImageFactsSource, options: BaseImageServiceOptions) {
    this.#source = source;
    this.#options = options;
  }

  /** `options` with what is known of base images added: the same object for the same options until that changes. */
  optionsWith(options: LintOptions): LintOptions {
    const settings = this.#settings;
    if (settings === null) return options;
    let made = this.#withSettings.get(options);
    if (!made) {
      made = { ...options, settings: { ...options.settings, ...settings } };
      this.#withSettings.set(options, made);
    }
    return made;
  }

  /** Asks, in the background, about the references never asked about (or not held when last asked). */
  want(references: readonly string[]): void {
    if (this.#stopped) return;
    const now = Date.now();
    const wanted = references.filter((reference) => {
      if (Object.hasOwn(this.#facts, reference) || this.#asking.has(reference)) return false;
      const asked = this.#notHeld.get(reference);
      return asked === undefined || now - asked >= NOT_HELD_FOR_MS;
    });
    if (wanted.length === 0 && this.#platformAsked) return;
    for (const reference of wanted) this.#asking.add(reference);
    void this.#ask(wanted, now);
  }

  async #ask(references: readonly string[], now: number): Promise<void> {
    let changed = false;
    try {
      if (!this.#platformAsked) {
        this.#platformAsked = true;
        this.#platform = await this.#source.platform();
        changed = true;
      }
      for (const reference of references) {
        try {
          const facts = await this.#source.facts(reference);
          if (facts) {
            this.#facts[reference] = facts;
            this.#notHeld.delete(reference);
            changed = true;
          } else {
            this.#notHeld.set(reference, now);
          }
        } catch (error) {
          // Not asked again soon; the other images are still asked about.
          this.#notHeld.set(reference, now);
          this.#options.onFailure(`base image ${reference}: ${messageOf(error)}`);
        }
      }
    } catch (error) {
      this.#stopped = true;
      this.#options.onFailure(`base images are not resolved: ${messageOf(error)}`);
    } finally {
      for (const reference of references) this.#asking.delete(reference);
    }
    if (changed && !this.#stopped && this.#platform !== null) {
      this.#settings = { baseImages: { ...this.#facts }, platform: this.#platform, buildPlatform: this.#platform };
      this.#withSettings = new WeakMap();
      // Nobody awaits this: a failure that escaped would end the process, and with it every document's service.
      try {
        this.#options.onChanged();
      } catch (error) {
        this.#options.onFailure(`linting again with the base images failed: ${messageOf(error)}`);
      }
    }
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
}

/**
 * The images each document's stages start from (`stage.baseImage` of the stages whose FROM names no earlier
 * stage), worked out again only when its FROM lines, its global ARGs or its build arguments changed: most
 * keystrokes change none of them.
 */
export class StageImages {
  readonly #byUri = new Map<string, { readonly key: string; readonly references: readonly string[] }>();

  of(uri: string, analysis: Analysis, buildArgs: Readonly<Record<string, string>>): readonly string[] {
    let key = JSON.stringify(buildArgs);
    let beforeFirstStage = true;
    for (const instruction of analysis.ast.instructions) {
      if (instruction.kind === 'FROM') beforeFirstStage = false;
      else if (!beforeFirstStage || instruction.kind !== 'ARG') continue;
      key += `\0${analysis.text.slice(startOffsetOf(instruction.range), endOffsetOf(instruction.range))}`;
    }
    const known = this.#byUri.get(uri);
    if (known?.key === key) return known.references;
    const references = baseImageReferencesOf(analysis.scope.stages);
    this.#byUri.set(uri, { key, references });
    return references;
  }

  forget(uri: string): void {
    this.#byUri.delete(uri);
  }
}
