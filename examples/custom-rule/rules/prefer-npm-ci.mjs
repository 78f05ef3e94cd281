// A custom dfkit rule: `npm install` in a Dockerfile resolves versions again and may ignore the lock file,
// so images built from the same commit can differ. `npm ci` installs exactly what package-lock.json says.
//
// A rule is a plain object with `meta` and `create`, the same shape as dfkit's built-in rules; the config's
// `plugins:` list loads it, and findings, fixes, pragmas and every output format work as for built-in rules.

const INSTALL = /\bnpm\s+(?:install|i)\b(?=\s*(?:$|&&|;|\||-))/;

/** @type {import('dfkit/lint').RuleModule} */
export const preferNpmCi = {
  meta: {
    id: 'prefer-npm-ci',
    severity: 'warning',
    category: 'reproducibility',
    fixable: 'safe',
    // It looks at one RUN at a time, so an editor's incremental linter may replay its findings about a stage
    // an edit did not touch instead of visiting that stage again.
    locality: 'stage',
    docs: {
      summary: 'Use npm ci, not npm install, in images',
      description: 'Flags `npm install` without package arguments in a RUN instruction.',
      rationale: '`npm install` may update package-lock.json; `npm ci` installs exactly the locked versions.',
      example: 'RUN npm install',
      useInstead: 'RUN npm ci',
      fixSafety: 'Safe when the project has a package-lock.json, which `npm ci` requires.',
    },
  },
  create(context) {
    return {
      RUN(node) {
        const command = node.command;
        if (!command || command.form !== 'shell') return;
        const match = INSTALL.exec(command.text);
        if (!match) return;
        const range = command.rangeOf(match.index, match.index + match[0].length);
        context.report({
          message: 'Use `npm ci` instead of `npm install` so the lock file decides the versions',
          range,
          fix: {
            description: 'Replace npm install with npm ci',
            edits: [{ start: range.start.offset, end: range.end.offset, text: 'npm ci' }],
          },
        });
      },
    };
  },
};

export const rules = [preferNpmCi];
