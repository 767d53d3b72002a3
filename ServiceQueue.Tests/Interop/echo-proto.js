'use strict';
// Loads the test service and the health service the same way for the client and server scripts.
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const repository = path.join(__dirname, '..', '..');
const options = { keepCase: false, longs: String, enums: String, defaults: true, oneofs: true };

function load(file) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(path.join(repository, file), options));
}

module.exports = {
  grpc,
  echo: load('ServiceQueue.Tests/Grpc/Protos/interop_test.proto').servicequeue.test.v1,
  health: load('ServiceQueue.ServiceDefaults/Protos/health.proto').grpc.health.v1,
};
