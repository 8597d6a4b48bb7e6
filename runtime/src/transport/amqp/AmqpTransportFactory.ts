import { LazyTransportFactory } from '../TransportFactory.js';
import { AMQP_OPTIONS } from './AmqpOptions.js';
import { AMQP_SCHEMES } from './amqpDsn.js';

/**
 * Symfony's AMQP transport (RabbitMQ) for `amqp://` and `amqps://`. The option specs are plain
 * data; amqplib is imported only when a transport is created.
 */
export class AmqpTransportFactory extends LazyTransportFactory {
  constructor() {
    super(
      'AMQP',
      AMQP_SCHEMES,
      AMQP_OPTIONS,
      async () => (await import('./createAmqpTransport.js')).createAmqpTransport,
    );
  }
}
