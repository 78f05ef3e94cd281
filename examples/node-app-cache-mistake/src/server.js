'use strict';

const http = require('node:http');
const ms = require('ms');
const { listOrders, getOrder } = require('./orders');

const port = Number(process.env.PORT || 3000);
const startedAt = Date.now();

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || 'localhost'}`);

  if (url.pathname === '/healthz') {
    return send(res, 200, { ok: true, uptime: ms(Date.now() - startedAt) });
  }
  if (url.pathname === '/orders') {
    return send(res, 200, listOrders());
  }
  const match = url.pathname.match(/^\/orders\/(\d+)$/);
  if (match) {
    const order = getOrder(match[1]);
    return order ? send(res, 200, order) : send(res, 404, { error: 'not found' });
  }
  return send(res, 404, { error: 'not found' });
});

server.listen(port, () => {
  console.log(`orders-api listening on :${port}`);
});

// Let in-flight requests finish when the orchestrator stops the container.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(`received ${signal}, shutting down`);
    server.close(() => process.exit(0));
  });
}
