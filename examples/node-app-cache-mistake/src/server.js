'use strict';

const http = require('node:http');
const ms = require('ms');

const port = Number(process.env.PORT || 3000);
const startedAt = Date.now();

const orders = new Map([
  ['1001', { id: '1001', sku: 'MUG-BLK', qty: 2, status: 'shipped' }],
  ['1002', { id: '1002', sku: 'TEE-M-WHT', qty: 1, status: 'pending' }],
]);

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
    return send(res, 200, [...orders.values()]);
  }
  const match = url.pathname.match(/^\/orders\/(\d+)$/);
  if (match) {
    const order = orders.get(match[1]);
    return order ? send(res, 200, order) : send(res, 404, { error: 'not found' });
  }
  return send(res, 404, { error: 'not found' });
});

server.listen(port, () => {
  console.log(`orders-api listening on :${port}`);
});
