import { pipNoCacheDir } from '../../../src/lint/rules/pip-no-cache-dir.js';
import { testRule } from '../rule-tester.js';

const message = 'Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`';

testRule(pipNoCacheDir, {
  valid: [
    'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3',
    'FROM python:3.12\nRUN pip3 install --no-cache-dir -r requirements.txt',
    'FROM python:3.12\nRUN python -m pip install --no-cache-dir flask==3.0.3',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask==3.0.3',
    'FROM python:3.12\nENV PIP_NO_CACHE_DIR=yes\nRUN pip install flask==3.0.3',
    'FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=true\nFROM base\nRUN pip install flask==3.0.3',
    'FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask==3.0.3',
    'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3',
    'FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask==3.0.3',
    'FROM python:3.12\nRUN pipx install black==24.4.2',
    'FROM python:3.12\nRUN pipenv install',
    'FROM python:3.12\nRUN python -m pipx install black==24.4.2',
    'FROM python:3.12\nRUN pip download flask',
  ],
  invalid: [
    {
      code: 'FROM python:3.12\nRUN pip install flask==3.0.3',
      errors: [{ message, line: 2, text: 'install' }],
      output: 'FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3',
    },
    {
      code: 'FROM python:3.12\nRUN python3 -m pip install -r requirements.txt',
      errors: [{ text: 'install' }],
      output: 'FROM python:3.12\nRUN python3 -m pip install --no-cache-dir -r requirements.txt',
    },
    {
      code: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install flask==3.0.3',
      errors: [{ line: 3 }],
      output: 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=0\nRUN pip install --no-cache-dir flask==3.0.3',
    },
    {
      code: 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.npm pip install flask==3.0.3',
      errors: [{ text: 'install' }],
    },
    {
      code: 'FROM python:3.12\nRUN apt-get update \\\n && pip install \\\n      flask==3.0.3',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM python:3.12\nRUN apt-get update \\\n && pip install --no-cache-dir \\\n      flask==3.0.3',
    },
    {
      code: 'FROM python:3.12\nRUN <<EOF\npip install flask==3.0.3\nEOF\n',
      errors: [{ line: 3, text: 'install' }],
      output: 'FROM python:3.12\nRUN <<EOF\npip install --no-cache-dir flask==3.0.3\nEOF\n',
    },
    {
      code: 'FROM python:3.12\nONBUILD RUN pip install flask==3.0.3',
      errors: [{ line: 2, text: 'install' }],
      output: 'FROM python:3.12\nONBUILD RUN pip install --no-cache-dir flask==3.0.3',
    },
    {
      code: 'FROM python:3.12\nRUN ["pip", "install", "flask==3.0.3"]',
      errors: [{ text: '"install"' }],
      output: 'FROM python:3.12\nRUN ["pip", "install", "flask==3.0.3"]',
    },
  ],
});
