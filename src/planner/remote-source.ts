/**
 * `ADD <url>` sources read the way the builders read them, so that their keys can be predicted. Both builders
 * download the URL on every build and key the step on the file name they give the download and its content —
 * not on the URL: the same file served from another directory, or with another query string or
 * `Last-Modified`, keeps the cache; another file name or another content misses (measured on Docker 20.10,
 * both builders). Without reading the URL a plan can only key the URL's text.
 */
import { createHash } from 'node:crypto';
import { withoutTrailing } from '../parser/trailing.js';

/** What the builder downloads from an `ADD` URL. */
export interface RemoteSource {
  /** `sha256:<hex>` of the downloaded bytes. */
  readonly digest: string;
  /** The file name the builder gives the download. */
  readonly name: string;
  readonly bytes: number;
}

/** Reads `ADD` URLs for a plan; `plan({ fetchRemoteSources: true })` uses {@link createRemoteSourceFetcher}. */
export interface RemoteSourceReader {
  /** The download, or why it could not be had. Never rejects. */
  read(url: string): Promise<RemoteSource | { readonly error: string }>;
}

export interface RemoteSourceFetcherOptions {
  /**
   * Gives up on a URL when the server has sent nothing for this long: no response yet, or no new bytes of a
   * body (default 30 s). A slow but steady download of a large file is waited for.
   */
  readonly idleTimeoutMs?: number;
}

/**
 * Downloads with the platform's `fetch`, streaming the body into a digest (nothing is kept), each URL once per
 * reader. Redirects are followed, as the builders follow them.
 */
export function createRemoteSourceFetcher(options: RemoteSourceFetcherOptions = {}): RemoteSourceReader {
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const read = new Map<string, Promise<RemoteSource | { readonly error: string }>>();
  return {
    read(url) {
      let pending = read.get(url);
      if (!pending) {
        pending = download(url, idleTimeoutMs);
        read.set(url, pending);
      }
      return pending;
    },
  };
}

async function download(url: string, idleTimeoutMs: number): Promise<RemoteSource | { readonly error: string }> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const stillWaiting = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), idleTimeoutMs);
  };
  stillWaiting();
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!response.ok) {
      await response.body?.cancel();
      return { error: `invalid response status ${response.status}` };
    }
    const hash = createHash('sha256');
    let bytes = 0;
    if (response.body) {
      for await (const chunk of response.body) {
        stillWaiting();
        hash.update(chunk);
        bytes += chunk.byteLength;
      }
    }
    return {
      digest: `sha256:${hash.digest('hex')}`,
      name: downloadName(new URL(url), response.headers.get('content-disposition')),
      bytes,
    };
  } catch (error) {
    if (controller.signal.aborted) {
      return { error: `nothing received for ${idleTimeoutMs < 1000 ? `${idleTimeoutMs} ms` : `${idleTimeoutMs / 1000} s`}` };
    }
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
    return { error: cause ?? (error instanceof Error ? error.message : String(error)) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The file name a download gets: the last element of the URL's path, or, when the path has none, the
 * `filename` of a `Content-Disposition` header.
 *
 * @example downloadName(new URL('https://example.com/a/tool.tar.gz?v=2'), null) // 'tool.tar.gz'
 */
export function downloadName(url: URL, disposition: string | null): string {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded form
  }
  const base = withoutTrailing(path, '/').split('/').pop() ?? '';
  if (base !== '' && base !== '.') return base;
  const named = disposition && /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
  return named ? (named[1] ?? named[2] ?? '') : '';
}
