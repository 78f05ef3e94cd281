/**
 * Open documents and their analyses. The text is kept by `TextDocuments` (incremental sync applied by the
 * protocol library); the analysis of a version is made on first use and kept until the next version. A new
 * version whose text and options are unchanged (an undo back to the linted text, a save) keeps its analysis.
 * Each document has its own incremental linter, so an edit re-lints only the stages it touched.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { createLinter, type Linter, type LintOptions } from '../lint/index.js';
import { analyze, type Analysis } from './analysis.js';

interface Cached {
  readonly version: number;
  readonly text: string;
  readonly options: LintOptions;
  readonly analysis: Analysis;
}

/** A document's incremental linter and the options it was made with. */
interface DocumentLinter {
  readonly options: LintOptions;
  readonly linter: Linter;
}

export class DocumentStore {
  readonly documents = new TextDocuments(TextDocument);
  readonly #cache = new Map<string, Cached>();
  readonly #linters = new Map<string, DocumentLinter>();
  readonly #optionsFor: (file: string | null) => LintOptions;
  /** How many analyses were made (for tests and the benchmark). */
  analyses = 0;

  constructor(optionsFor: (file: string | null) => LintOptions) {
    this.#optionsFor = optionsFor;
  }

  /** The analysis of the document's current version, or `null` when it is not open. */
  analysisOf(uri: string): Analysis | null {
    const document = this.documents.get(uri);
    if (!document) return null;
    const cached = this.#cache.get(uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const text = document.getText();
    const options = this.#optionsFor(filePathOf(uri));
    if (cached && cached.text === text && cached.options === options) {
      this.#cache.set(uri, { ...cached, version: document.version });
      return cached.analysis;
    }
    let entry = this.#linters.get(uri);
    if (!entry || entry.options !== options) {
      entry = { options, linter: createLinter(options) };
      this.#linters.set(uri, entry);
    }
    const analysis = analyze(text, options, entry.linter);
    this.analyses++;
    this.#cache.set(uri, { version: document.version, text, options, analysis });
    return analysis;
  }

  /** The lint options of a document (its folder's configuration). */
  optionsOf(uri: string): LintOptions {
    return this.#optionsFor(filePathOf(uri));
  }

  /** The version of an open document, or `null`. */
  versionOf(uri: string): number | null {
    return this.documents.get(uri)?.version ?? null;
  }

  forget(uri: string): void {
    this.#cache.delete(uri);
    this.#linters.delete(uri);
  }

  /** Drops every analysis (the configuration changed). */
  clear(): void {
    this.#cache.clear();
    this.#linters.clear();
  }
}

/** The file system path of a `file:` URI, or `null` for other schemes (unsaved documents). */
export function filePathOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}
