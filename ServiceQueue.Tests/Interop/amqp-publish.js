// An independent AMQP client publishing one service request as contracts.md section 2 describes it,
// with a publisher confirm. Usage: node amqp-publish.js <amqp-uri> <requestId> <requestedAt>
'use strict';
const amqp = require('amqplib');

async function main() {
  const [uri, requestId, requestedAt] = process.argv.slice(2);
  const connection = await amqp.connect(uri);
  try {
    const channel = await connection.createConfirmChannel();
    await channel.assertExchange('servicequeue.requests', 'topic', { durable: true });
    const body = {
      requestId,
      queue: 'GEN',
      channel: 'partner',
      customer: { name: 'Bruno Lima', phone: '+55 21 98888-1111' },
      priority: 'normal',
      requestedAt,
    };
    channel.publish('servicequeue.requests', 'request.GEN', Buffer.from(JSON.stringify(body)), {
      persistent: true,
      contentType: 'application/json',
      messageId: requestId,
      type: 'ServiceRequested',
    });
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
