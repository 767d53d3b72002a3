'use strict';
// The official SignalR JavaScript client, driven by a test over stdin/stdout, one JSON object a line.
// Requests: {"id":1,"op":"connect","conn":"a","url":"http://.../hubs/queues","token":"...","on":["QueueEvent"]}
//           {"id":2,"op":"invoke","conn":"a","method":"Subscribe","args":["GEN"]}
// Answers:  {"id":1,"ok":true,"result":...} or {"id":1,"ok":false,"error":"..."}
// Messages the server sends: {"conn":"a","event":"QueueEvent","data":{...}}
const readline = require('node:readline');
const signalR = require('@microsoft/signalr');

const connections = new Map();

function write(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function errorText(error) {
  return error && error.message ? error.message : String(error);
}

async function connect(request) {
  const options = { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: false };
  if (request.token) {
    options.accessTokenFactory = () => request.token;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(request.url, options)
    .configureLogging(signalR.LogLevel.None)
    .build();
  for (const name of request.on || []) {
    connection.on(name, (data) => write({ conn: request.conn, event: name, data }));
  }
  await connection.start();
  connections.set(request.conn, connection);
  return null;
}

function invoke(request) {
  const connection = connections.get(request.conn);
  if (!connection) {
    return Promise.reject(new Error(`no connection ${request.conn}`));
  }
  return connection.invoke(request.method, ...(request.args || []));
}

async function handle(request) {
  switch (request.op) {
    case 'connect':
      return connect(request);
    case 'invoke':
      return invoke(request);
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (!line.trim()) {
    return;
  }
  const request = JSON.parse(line);
  handle(request).then(
    (result) => write({ id: request.id, ok: true, result: result === undefined ? null : result }),
    (error) => write({ id: request.id, ok: false, error: errorText(error) }));
});
input.on('close', async () => {
  await Promise.allSettled([...connections.values()].map((connection) => connection.stop()));
  process.exit(0);
});
