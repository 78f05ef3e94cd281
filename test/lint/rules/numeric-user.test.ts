import { numericUser } from '../../../src/lint/rules/numeric-user.js';
import { testRule } from '../rule-tester.js';

const message = 'Non-numeric user-id may not be resolvable by host system';

testRule(numericUser, {
  valid: [
    'USER 12345',
    'USER 1234:5678',
    'ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}',
    'FROM a:1\nARG UID\nUSER $UID:$GID_UNKNOWN_BUT_GROUP',
    'FROM a:1\nARG UID=10001\nUSER ${UID}',
    'FROM a:1\nENV APP_UID=10001\nUSER $APP_UID',
    // A build argument is trusted whatever its default (the build may pass a uid), as in hadolint.
    'FROM a:1\nARG APP_USER=app\nUSER ${APP_USER}',
    'ARG APP_USER=app\nFROM a:1\nUSER ${APP_USER}:${APP_USER}',
    'FROM a:1\nUSER ${UID:-1000}:${GID:-1000}',
    'FROM a:1\nUSER "1000"',
    'FROM a:1\nUSER 1000:app',
  ],
  invalid: [
    { code: 'USER foobar', errors: [{ message, line: 1, text: 'foobar' }] },
    { code: 'USER foobar:barfoo', errors: [{ message, line: 1, text: 'foobar' }] },
    { code: 'FROM a:1\nUSER root', errors: [{ line: 2, text: 'root' }] },
    { code: 'FROM a:1\nUSER $NOBODY_DECLARED', errors: [{ line: 2, text: '$NOBODY_DECLARED' }] },
    // An ENV value is known: a name there is a name.
    { code: 'FROM a:1\nENV APP_USER=app\nUSER ${APP_USER}', errors: [{ line: 3, text: '${APP_USER}' }] },
    // A build argument stands for a number, and the rest of the word still counts; an ENV of its name hides it.
    { code: 'FROM a:1\nARG X\nUSER ${X:+app}', errors: [{ line: 3 }] },
    { code: 'FROM a:1\nARG UID=1000\nENV UID=app\nUSER $UID', errors: [{ line: 4, text: '$UID' }] },
    { code: 'FROM a:1\nUSER ${NAME:-app}:0', errors: [{ line: 2, text: '${NAME:-app}:0' }] },
    { code: 'FROM a:1\nONBUILD USER app', errors: [{ line: 2, text: 'app' }] },
  ],
});
