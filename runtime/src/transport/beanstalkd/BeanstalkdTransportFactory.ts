import type { Dsn } from '../Dsn.js';
import type { TransportContext, TransportFactory } from '../TransportFactory.js';
import type { Transport } from '../Transport.js';
import { BEANSTALKD_OPTIONS } from './BeanstalkdOptions.js';

/**
 * Symfony's Beanstalkd transport for `beanstalkd://host[:port]` (port 11300 by default). The
 * option specs are plain data; the protocol client is loaded only when a transport is created.
 */
export class BeanstalkdTransportFactory implements TransportFactory {
  readonly schemes = ['beanstalkd'];
  readonly label = 'Beanstalkd';
  readonly options = BEANSTALKD_OPTIONS;

  async createTransport(
    dsn: Dsn,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): Promise<Transport> {
    const { createBeanstalkdTransport } = await import('./createBeanstalkdTransport.js');
    return createBeanstalkdTransport(dsn, options, context);
  }
}
