'use strict';

const orders = new Map([
  ['1001', { id: '1001', sku: 'MUG-BLK', qty: 2, status: 'shipped' }],
  ['1002', { id: '1002', sku: 'TEE-M-WHT', qty: 1, status: 'pending' }],
]);

function listOrders() {
  return [...orders.values()];
}

function getOrder(id) {
  return orders.get(id);
}

module.exports = { listOrders, getOrder };
