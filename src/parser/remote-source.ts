/**
 * Which COPY/ADD sources name something to fetch rather than a path in the build context, as BuildKit tells
 * them apart: a URL by a case-sensitive `http://` or `https://` prefix, a git repository by `git@host:` or
 * `git://`.
 */
export function remoteSourceKind(source: string): 'url' | 'git' | null {
  if (/^git@[^:/]+:|^git:\/\//.test(source)) return 'git';
  return /^https?:\/\//.test(source) ? 'url' : null;
}

/**
 * Why BuildKit refuses `ADD --checksum` for these sources (heredocs left out), or `null`: it verifies one
 * download, so it needs exactly one source (`several-sources`), and that one a URL or a git repository
 * (`context-source`).
 */
export function addChecksumProblem(sources: readonly string[]): 'several-sources' | 'context-source' | null {
  if (sources.length !== 1) return 'several-sources';
  return remoteSourceKind(sources[0]!) === null ? 'context-source' : null;
}
