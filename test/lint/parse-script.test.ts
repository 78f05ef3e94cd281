/** The options each kind of RUN text is parsed with. */
import { describe, expect, it } from 'vitest';
import { parseScript, type ScriptKind } from '../../src/lint/parse-script.js';
import { parseShell } from '../../src/lint/shell/index.js';

describe('parseScript', () => {
  const cases: Array<[ScriptKind, string, Parameters<typeof parseShell>[1]]> = [
    ['command', 'apt-get update && sudo apt-get install -y curl | tee log', { externalHeredocs: false }],
    ['command-with-heredocs', 'cat <<EOF > /x && sh -c "echo $A"', { externalHeredocs: true }],
    // Exec form runs the script of `sh -c` as the shell form does: its commands are read too.
    ['exec', "'sh' '-c' 'echo hi && ls'", {}],
    ['heredoc', 'set -e\nbash -c "apt-get install -y x"\n', {}],
  ];
  it('reads the commands of an exec-form sh -c script', () => {
    expect(parseScript("'sh' '-c' 'echo hi; cd /tmp'", 'exec').commands.map((command) => command.name?.value)).toEqual(['sh', 'echo', 'cd']);
  });
  it.each(cases)('parses a %s text as parseShell does with its options', (kind, text, options) => {
    expect(parseScript(text, kind)).toEqual(parseShell(text, options));
  });
});
