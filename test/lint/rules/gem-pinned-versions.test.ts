import { gemPinnedVersions } from '../../../src/lint/rules/gem-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message = 'Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`';

testRule(gemPinnedVersions, {
  valid: [
    'FROM ruby:3.3\nRUN gem install bundler:2.5.10',
    'FROM ruby:3.3\nRUN gem install bundler -v 2.5.10',
    'FROM ruby:3.3\nRUN gem install bundler --version 2.5.10',
    'FROM ruby:3.3\nRUN gem install bundler --version=2.5.10',
    'FROM ruby:3.3\nRUN gem install rake:13.2.1 rails:7.1.3',
    'FROM ruby:3.3\nRUN gem update --system',
    'FROM ruby:3.3\nRUN bundle install',
  ],
  invalid: [
    { code: 'FROM ruby:3.3\nRUN gem install bundler', errors: [{ message, line: 2, text: 'bundler' }] },
    { code: 'FROM ruby:3.3\nRUN gem install rake:13.2.1 rails', errors: [{ text: 'rails' }] },
    { code: 'FROM ruby:3.3\nRUN gem install --no-document -i /opt/gems rails', errors: [{ text: 'rails' }] },
    { code: 'FROM ruby:3.3\nRUN gem install \\\n    rails', errors: [{ line: 3, text: 'rails' }] },
    { code: 'FROM ruby:3.3\nRUN <<EOF\ngem install rails\nEOF\n', errors: [{ line: 3, text: 'rails' }] },
    { code: 'FROM ruby:3.3\nONBUILD RUN gem install rails', errors: [{ line: 2, text: 'rails' }] },
  ],
});
