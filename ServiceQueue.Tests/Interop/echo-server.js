'use strict';
// grpc-js as the server for our client: prints {"port": N} once listening on 127.0.0.1, stops when stdin closes.
const { grpc, echo } = require('./echo-proto');

const server = new grpc.Server();
server.addService(echo.Echo.service, {
  say(call, callback) {
    callback(null, {
      text: call.request.text,
      payloadLength: call.request.payload.length,
      echoHeader: String(call.metadata.get('x-echo')[0] ?? ''),
      echoBinaryHeader: call.metadata.get('x-echo-bin')[0] ?? Buffer.alloc(0),
    });
  },
  count(call) {
    const { count, delayMs } = call.request;
    let number = 0;
    const next = () => {
      if (call.cancelled) {
        return;
      }
      if (number === count) {
        call.end();
        return;
      }
      number += 1;
      call.write({ number });
      setTimeout(next, delayMs);
    };
    next();
  },
  fail(call, callback) {
    const metadata = new grpc.Metadata();
    metadata.set('x-reason', 'from grpc-js');
    callback({ code: call.request.code, details: call.request.message, metadata });
  },
  wait(call, callback) {
    const timer = setTimeout(() => callback(null, { text: 'waited' }), call.request.waitMs || 600000);
    call.on('cancelled', () => clearTimeout(timer));
  },
  // Unmapped, Flaky and Upload are left out: grpc-js answers UNIMPLEMENTED for them.
});

server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ port }) + '\n');
});

process.stdin.resume();
process.stdin.on('end', () => {
  server.forceShutdown();
  process.exit(0);
});
