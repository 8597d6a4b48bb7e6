import type { Dsn } from '../Dsn.js';
import type { Transport } from '../Transport.js';
import type { TransportContext, TransportFactory } from '../TransportFactory.js';
import { AMQP_OPTIONS } from './AmqpOptions.js';
import { AMQP_SCHEMES } from './amqpDsn.js';

/**
 * Symfony's AMQP transport (RabbitMQ) for `amqp://` and `amqps://`. The option specs are plain
 * data; amqplib is imported only when a transport is created.
 */
export class AmqpTransportFactory implements TransportFactory {
  readonly schemes = AMQP_SCHEMES;
  readonly label = 'AMQP';
  readonly options = AMQP_OPTIONS;

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    const { createAmqpTransport } = await import('./createAmqpTransport.js');
    return createAmqpTransport(dsn, options, context);
  }
}
