import { after, before } from 'node:test';
import { Dsn } from '../../src/index.js';
import { describeTransportContract } from '../../src/testing/index.js';
import { BeanstalkdTransportFactory } from '../../src/transport/beanstalkd/BeanstalkdTransportFactory.js';
import { type StartedBeanstalkd, startBeanstalkd } from '../support/beanstalkd.js';

let server: StartedBeanstalkd;
before(async () => {
  server = await startBeanstalkd();
});
after(() => server.stop());

describeTransportContract('Beanstalkd', {
  // Each test has a tube of its own; a dead consumer's jobs come back when its connection closes, a hung one's after ttr.
  create: (context) =>
    new BeanstalkdTransportFactory().createTransport(
      Dsn.parse(server.url),
      { tube_name: context.queue, ttr: 2 },
      context,
    ),
  capabilities: {
    messageCount: true,
    keepalive: true,
    delays: true,
    redelivery: true,
    batch: true,
  },
  // beanstalkd keeps its own time (delays, ttr).
  clock: 'system',
  redelivery: { timeout: 2000, realTime: true, onClose: true },
});
