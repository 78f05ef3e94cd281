import { describe, expect, it } from 'vitest';
import { looksSecret, secretsUsedInArgOrEnv } from '../../../src/lint/rules/secrets-used-in-arg-or-env.js';
import { testRule } from '../rule-tester.js';

testRule(secretsUsedInArgOrEnv, {
  valid: [
    'FROM debian:bullseye\nRUN foobar',
    'ARG foobar\nFROM debian:bullseye\nRUN foobar',
    'FROM debian:bullseye\nENV foobar=barfoo\nRUN foobar',
    'FROM scratch\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\nENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION',
    'FROM scratch\nENV sunflower=foo KEYBOARD=us MONKEY=1',
    'FROM scratch\n# check=skip=SecretsUsedInArgOrEnv // allow secret in environment\nENV password=bar',
    'FROM scratch\n# hadolint ignore=DL3064\nARG GITHUB_TOKEN',
  ],
  invalid: [
    {
      code:
        'FROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\nENV password=bar secret=baz\n' +
        'ARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\nENV git_key=\n',
      errors: [
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ARG "SECRET_PASSPHRASE")', line: 2, text: 'SECRET_PASSPHRASE' },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "SUPER_Secret")', line: 3 },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "password")', line: 4, text: 'password' },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "secret")', line: 4, text: 'secret' },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ARG "super_duper_secret_token")', line: 5 },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ARG "auth")', line: 5 },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "apikey")', line: 6 },
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "git_key")', line: 7 },
      ],
    },
    {
      // hadolint's cases: ARGs before FROM and ENV, any casing.
      code: 'ARG AWS_ACCESS_KEY_ID\nFROM debian:bullseye\nRUN foobar',
      errors: [{ message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ARG "AWS_ACCESS_KEY_ID")', line: 1 }],
    },
    {
      code: 'ARG openai_api_key\nFROM debian:bullseye',
      errors: [{ text: 'openai_api_key' }],
    },
    {
      code: 'FROM debian:bullseye\nENV AWS_ACCESS_KEY_ID=abcdefghijklmnopqrstuvwxyz\nENV my_password=abcdefghijklmnopqrstuvwxyz',
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      code: 'FROM debian:bullseye\nONBUILD ARG NPM_TOKEN\nONBUILD ENV DB_PASSWORD abc',
      errors: [{ text: 'NPM_TOKEN' }, { text: 'DB_PASSWORD' }],
    },
    {
      code: 'FROM alpine\nENV "GITHUB_TOKEN"=x MYSQL_PWD=y',
      errors: [
        { message: 'Potentially sensitive data should not be used in the `ARG` or `ENV` commands (ENV "GITHUB_TOKEN")', text: '"GITHUB_TOKEN"' },
        { text: 'MYSQL_PWD' },
      ],
    },
  ],
});

describe('looksSecret', () => {
  it.each([
    ['DOCKER_USERNAME', true],
    ['CLIENT_KEY_PATH', true],
    ['PRIVATE_REGISTRY', true],
    ['SSH_PRIVATE_KEY', true],
    ['CI_DEPLOY_USER', true],
    ['PASSWORD_FILE', false],
    ['TOKEN_VERSION', false],
    ['GPG_PUBLIC_KEY', false],
    ['KEYRING', false],
    ['NODE_VERSION', false],
  ])('%s → %s', (name, expected) => {
    expect(looksSecret(name)).toBe(expected);
  });
});
