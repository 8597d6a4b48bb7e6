import { after } from 'node:test';
import { Dsn } from '../../src/index.js';
import { describeTransportContract } from '../../src/testing/index.js';
import { AmqpTransportFactory } from '../../src/transport/amqp/AmqpTransportFactory.js';
import { AMQP_URL, amqpClient, deleteAmqp } from '../support/amqp.js';

const client = await amqpClient();
after(() => client.close());

// Each test has its own exchange (direct); `default`, `high` and `low` are queues bound to it with their own key.
describeTransportContract('AMQP', {
  create: (context) => {
    const queue = context.queueName === 'default' ? context.queue : context.queueName;
    return new AmqpTransportFactory().createTransport(
      Dsn.parse(`${AMQP_URL}/%2f/${context.queue}`),
      {
        exchange: { type: 'direct', default_publish_routing_key: context.queueName },
        queues: { [queue]: { binding_keys: [context.queueName] } },
        delay: { exchange_name: `${context.queue}_delays` },
      },
      context,
    );
  },
  cleanup: ({ queue }) =>
    deleteAmqp(client, {
      queues: [queue, 'high', 'low', `delay_${queue}_default_1000_delay`, `delay_${queue}_default_60000_delay`],
      exchanges: [queue, `${queue}_delays`],
    }),
  capabilities: {
    messageCount: true,
    setup: true,
    queues: true,
    waking: true,
    delays: true,
    batch: true,
  },
});
