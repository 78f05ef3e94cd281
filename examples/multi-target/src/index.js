import http from 'node:http';
import { parseArgs } from 'node:util';
import ms from 'ms';
import { journal, parseTargets, relay } from './relay.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    'data-dir': { type: 'string', default: '/app/data' },
  },
});

const targets = parseTargets(process.env.RELAY_TARGETS);
const timeout = ms(process.env.RELAY_TIMEOUT ?? '10s');

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200).end('ok');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/hooks') {
    res.writeHead(404).end();
    return;
  }

  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);

  const results = await relay(targets, body, {
    'content-type': req.headers['content-type'] ?? 'application/json',
  });
  await journal(values['data-dir'], { bytes: body.length, results });

  res.writeHead(202, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ relayed: results }));
});

server.requestTimeout = timeout;
server.listen(Number(values.port), () => {
  console.log(`webhook-relay listening on :${values.port} (${targets.size} targets)`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
