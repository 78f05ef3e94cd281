import { dependencyInstallOrder } from '../../../src/lint/rules/dependency-install-order.js';
import { testRule } from '../rule-tester.js';

testRule(dependencyInstallOrder, {
  valid: [
    'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .',
    'FROM node:20\nCOPY . .\nRUN npm run build',
    'FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .',
    'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build ./...',
    'FROM node:20 AS build\nCOPY . .\nFROM node:20\nCOPY --from=build /app /app\nRUN npm ci',
    'FROM node:20\nCOPY nginx.conf /etc/nginx/nginx.conf\nRUN npm ci',
    'FROM node:20\nRUN npm ci\nCOPY . .',
    'FROM node:20\nCOPY . .\nRUN npm install express',
  ],
  invalid: [
    {
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n',
      errors: [
        {
          message:
            'COPY on line 3 copies sources before the npm install on line 4, so any source change re-runs the install; copy package.json and package-lock.json first, install, then copy the rest',
          line: 3,
          text: '.',
        },
      ],
      output: 'FROM node:20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      code: 'FROM node:20\nCOPY --chown=node:node . /app\nWORKDIR /app\nRUN npm install\n',
      errors: [{ line: 2 }],
      output: 'FROM node:20\nCOPY --chown=node:node package*.json /app/\nWORKDIR /app\nRUN npm install\nCOPY --chown=node:node . /app\n',
    },
    {
      code: 'FROM node:20\nCOPY . .\nWORKDIR /app\nRUN npm ci',
      errors: [{ line: 2 }],
    },
    {
      code: 'FROM python:3.12\nCOPY . /srv\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r /srv/requirements.txt',
      errors: [{ line: 2, text: '.' }],
      output:
        'FROM python:3.12\nCOPY requirements.txt /srv/\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r /srv/requirements.txt\nCOPY . /srv\n',
    },
    {
      code: 'FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.22\nCOPY . .\nRUN go mod download && go build -o /app .',
    },
    {
      code: 'FROM python:3.12\nCOPY . /srv\nWORKDIR /other\nRUN pip install -r requirements.txt',
      errors: [{ message: 'COPY on line 2 copies sources before the pip install on line 4, so any source change re-runs the install; copy the dependency manifests first, install, then copy the rest' }],
    },
    {
      code: 'FROM maven:3.9\nCOPY src ./src\nCOPY pom.xml .\nRUN mvn -B dependency:go-offline',
      errors: [{ line: 2, text: 'src' }],
    },
    { code: 'FROM ruby:3\nCOPY . .\nRUN apt-get update\nRUN bundle install', errors: [{ line: 2 }] },
    { code: 'FROM node:20\nCOPY app/ /app/\nRUN yarn install --frozen-lockfile', errors: [{ line: 2, text: 'app/' }] },
  ],
});
