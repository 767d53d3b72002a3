'use strict';
// grpc-js as the client of our server: `node echo-client.js <host:port> <case>` prints one JSON result.
const { grpc, echo, health } = require('./echo-proto');

const [address, testCase] = process.argv.slice(2);
const credentials = grpc.credentials.createInsecure();
const client = new echo.Echo(address, credentials);

function unary(target, method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve) => {
    target[method](request, metadata, options, (error, reply) => {
      resolve(error
        ? { code: error.code, details: error.details, trailer: error.metadata?.get('x-reason')[0] ?? null }
        : { code: 0, reply });
    });
  });
}

function stream(request, stopAfter) {
  return new Promise((resolve) => {
    const numbers = [];
    const call = client.count(request);
    call.on('data', (reply) => {
      // Messages already decoded when cancel() runs may still be delivered; they are not counted.
      if (numbers.length === stopAfter) {
        return;
      }
      numbers.push(reply.number);
      if (numbers.length === stopAfter) {
        call.cancel();
      }
    });
    call.on('error', (error) => resolve({ code: error.code, details: error.details, numbers }));
    call.on('end', () => resolve({ code: 0, numbers }));
  });
}

const cases = {
  async unary() {
    const metadata = new grpc.Metadata();
    metadata.set('x-echo', 'from grpc-js');
    metadata.set('x-echo-bin', Buffer.from([0, 1, 2, 255]));
    const result = await unary(client, 'say', { text: 'olá from grpc-js', payload: Buffer.alloc(100, 7) }, metadata);
    return {
      code: result.code,
      text: result.reply.text,
      payloadLength: result.reply.payloadLength,
      echoHeader: result.reply.echoHeader,
      echoBinaryHeader: [...result.reply.echoBinaryHeader],
    };
  },
  stream: () => stream({ count: 2000 }),
  cancel: () => stream({ count: 1000000, delayMs: 5 }, 3),
  deadline: () => unary(client, 'wait', {}, new grpc.Metadata(), { deadline: Date.now() + 1000 }),
  error: () => unary(client, 'fail', { code: 9, message: 'Fila «GEN» está cheia — 100%' }),
  unexpected: () => unary(client, 'fail', { throwUnexpected: true, message: 'secret detail' }),
  unimplemented: () => unary(client, 'unmapped', {}),
  health: async () => {
    const checker = new health.Health(address, credentials);
    const overall = await unary(checker, 'check', { service: '' });
    const unknown = await unary(checker, 'check', { service: 'no.such.Service' });
    return { status: overall.reply?.status ?? null, unknownCode: unknown.code };
  },
};

(async () => {
  const run = cases[testCase];
  if (!run) {
    throw new Error(`unknown case '${testCase}'`);
  }
  // A first call opens the connection, so timing-sensitive cases start from a ready channel.
  await unary(client, 'say', { text: 'warm-up' });
  process.stdout.write(JSON.stringify(await run()) + '\n');
  client.close();
})().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
