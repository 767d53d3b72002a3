'use strict';
// grpc-js as a client of the running Broker: `node broker-client.js <host:port> <queue>` enqueues one
// request twice (idempotent), once with a bad request id, then watches that queue from cursor 0 until
// its ticket's event arrives. Prints one JSON result.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const repository = path.join(__dirname, '..', '..');
const options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };
const definition = protoLoader.loadSync(path.join(repository, 'ServiceQueue.Broker/Protos/broker.proto'), options);
const broker = grpc.loadPackageDefinition(definition).servicequeue.broker.v1;

const [address, queue] = process.argv.slice(2);
const client = new broker.QueueBroker(address, grpc.credentials.createInsecure());

function unary(method, request) {
  return new Promise((resolve) => {
    client[method](request, { deadline: Date.now() + 10000 }, (error, reply) => {
      resolve(error ? { code: error.code, details: error.details } : { code: 0, reply });
    });
  });
}

function watchUntil(ticketId) {
  return new Promise((resolve) => {
    const events = [];
    let heartbeats = 0;
    const call = client.watch({ after: '0', queues: [queue] }, { deadline: Date.now() + 20000 });
    call.on('data', (message) => {
      if (message.kind === 'heartbeat') {
        heartbeats++;
        return;
      }
      const e = message.event;
      events.push({ cursor: e.cursor, type: e.type, queue: e.queue, ticketId: e.ticket ? e.ticket.id : null });
      if (e.ticket && e.ticket.id === ticketId) {
        call.cancel();
      }
    });
    call.on('error', (error) => resolve({ code: error.code, events, heartbeats }));
    call.on('end', () => resolve({ code: 0, events, heartbeats }));
  });
}

async function main() {
  const request = {
    requestId: 'grpc-js-1',
    queue,
    priority: 'PRIORITY_CLASS_PRIORITY',
    priorityReason: 'elderly',
    channel: 'CHANNEL_WEB',
    customer: Buffer.from([1, 2, 3, 250]),
  };
  const first = await unary('enqueue', request);
  const again = await unary('enqueue', request);
  const bad = await unary('enqueue', { ...request, requestId: 'not valid!' });
  const summary = (r) => (r.code !== 0 ? r : {
    code: 0,
    ticketId: r.reply.ticket.id,
    number: r.reply.ticket.number,
    state: r.reply.ticket.state,
    priority: r.reply.ticket.priority,
    customer: [...r.reply.ticket.customer],
    position: r.reply.position,
    existing: r.reply.existing,
  });
  const watch = first.code === 0 ? await watchUntil(first.reply.ticket.id) : null;
  process.stdout.write(JSON.stringify({ first: summary(first), again: summary(again), bad, watch }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
