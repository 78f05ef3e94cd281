/**
 * Which COPY/ADD sources name something to fetch rather than a path in the build context, as BuildKit tells
 * them apart: a URL by a case-sensitive `http://` or `https://` prefix, a git repository by `git@host:` or
 * `git://`.
 */
export function remoteSourceKind(source: string): 'url' | 'git' | null {
  if (/^git@[^:/]+:|^git:\/\//.test(source)) return 'git';
  return /^https?:\/\//.test(source) ? 'url' : null;
}
