import { pipPinnedVersions } from '../../../src/lint/rules/pip-pinned-versions.js';
import { testRule } from '../rule-tester.js';

const message =
  'Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`';

testRule(pipPinnedVersions, {
  valid: [
    'FROM python:3.12\nRUN pip install MySQL_python==1.2.2',
    'FROM python:3.12\nRUN pip install "foo>=1.0" "bar~=2.1" "baz!=3" "q<4" "r<=5" "s===6"',
    'FROM python:3.12\nRUN pip install -r requirements.txt',
    'FROM python:3.12\nRUN pip install --requirement requirements.txt',
    'FROM python:3.12\nRUN pip install .',
    'FROM python:3.12\nRUN pip install -e .',
    'FROM python:3.12\nRUN pip install -c constraints.txt flask',
    'FROM python:3.12\nRUN pip install --constraint constraints.txt flask',
    'FROM python:3.12\nRUN pip install git+https://github.com/pallets/flask.git@3.0.3',
    'FROM python:3.12\nRUN pip install ./my-package',
    'FROM python:3.12\nRUN pip install /tmp/dist/app-1.0-py3-none-any.whl',
    'FROM python:3.12\nRUN pip install app-1.0.tar.gz',
    'FROM python:3.12\nRUN pip install --index-url https://x/simple flask==3.0.3',
    'FROM python:3.12\nRUN pip install --target /opt/lib flask==3.0.3',
    'FROM python:3.12\nRUN pip freeze',
    'FROM python:3.12\nRUN pip install --upgrade pip==24.0',
    'FROM python:3.12\nRUN pipx install --help',
  ],
  invalid: [
    { code: 'FROM python:3.12\nRUN pip install MySQL_python', errors: [{ message, line: 2, text: 'MySQL_python' }] },
    { code: 'FROM python:3.12\nRUN pip3 install flask==3.0.3 requests', errors: [{ text: 'requests' }] },
    { code: 'FROM python:3.12\nRUN python3 -m pip install --no-cache-dir requests', errors: [{ text: 'requests' }] },
    { code: 'FROM python:3.12\nRUN pip install git+https://github.com/pallets/flask.git', errors: [{ text: 'git+https://github.com/pallets/flask.git' }] },
    { code: 'FROM python:3.12\nRUN pip install --index-url https://x/simple flask', errors: [{ text: 'flask' }] },
    { code: 'FROM python:3.12\nRUN pip install --upgrade pip', errors: [{ text: 'pip' }] },
    { code: 'FROM python:3.12\nRUN pip install \\\n    flask==3.0.3 \\\n    requests', errors: [{ line: 4, text: 'requests' }] },
    { code: 'FROM python:3.12\nRUN <<EOF\npip install requests\nEOF\n', errors: [{ line: 3, text: 'requests' }] },
    { code: 'FROM python:3.12\nONBUILD RUN pip install requests', errors: [{ line: 2, text: 'requests' }] },
  ],
});
