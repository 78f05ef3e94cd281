/**
 * Open documents and their analyses. The text is kept by `TextDocuments` (incremental sync applied by the
 * protocol library); the analysis of a revision is made on first use and kept until the next revision. A
 * revision counts every open and change the store accepted: clients may reuse a version number or go back
 * to a lower one, so the version cannot tell whether the text changed. A new revision whose text and options
 * are unchanged (an undo back to the linted text, a save) keeps its analysis. Each document has its own
 * incremental linter, so an edit re-lints only the stages it touched.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { createLinter, type Linter, type LintOptions } from '../lint/index.js';
import { analyze, type Analysis } from './analysis.js';

/** The notifications `TextDocuments` listens to (the protocol library does not export the type by name). */
export type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

interface Cached {
  readonly revision: number;
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
  /** The revision of each open document; revisions are never reused, even across close and reopen. */
  readonly #revisions = new Map<string, number>();
  #lastRevision = 0;
  readonly #optionsFor: (file: string | null) => LintOptions;
  readonly #onAnalyzed: ((uri: string) => void) | undefined;
  /** How many analyses were made (for tests and the benchmark). */
  analyses = 0;

  /** `onAnalyzed` is told of every analysis made, right after it is made. */
  constructor(optionsFor: (file: string | null) => LintOptions, onAnalyzed?: (uri: string) => void) {
    this.#optionsFor = optionsFor;
    this.#onAnalyzed = onAnalyzed;
    this.documents.onDidChangeContent((event) => this.#revisions.set(event.document.uri, ++this.#lastRevision));
  }

  /** The analysis of the document's current revision, or `null` when it is not open. */
  analysisOf(uri: string): Analysis | null {
    const document = this.documents.get(uri);
    if (!document) return null;
    const revision = this.revisionOf(uri) ?? 0;
    const cached = this.#cache.get(uri);
    if (cached && cached.revision === revision) return cached.analysis;
    const text = document.getText();
    const options = this.#optionsFor(filePathOf(uri));
    if (cached && cached.text === text && cached.options === options) {
      this.#cache.set(uri, { ...cached, revision });
      return cached.analysis;
    }
    let entry = this.#linters.get(uri);
    if (!entry || entry.options !== options) {
      entry = { options, linter: createLinter(options) };
      this.#linters.set(uri, entry);
    }
    const analysis = analyze(text, options, entry.linter);
    this.analyses++;
    this.#cache.set(uri, { revision, text, options, analysis });
    this.#onAnalyzed?.(uri);
    return analysis;
  }

  /** The lint options of a document (its folder's configuration). */
  optionsOf(uri: string): LintOptions {
    return this.#optionsFor(filePathOf(uri));
  }

  /** The version of an open document (as the client numbered it), or `null`. */
  versionOf(uri: string): number | null {
    return this.documents.get(uri)?.version ?? null;
  }

  /** The revision of an open document (it changes whenever its text may have), or `null`. */
  revisionOf(uri: string): number | null {
    return this.documents.get(uri) ? (this.#revisions.get(uri) ?? null) : null;
  }

  /**
   * Drops the analysis of one document (something it was made from, other than its text and options, has
   * changed: ShellCheck's answers came in); its incremental linter is kept.
   */
  invalidate(uri: string): void {
    this.#cache.delete(uri);
  }

  forget(uri: string): void {
    this.#cache.delete(uri);
    this.#linters.delete(uri);
    this.#revisions.delete(uri);
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
