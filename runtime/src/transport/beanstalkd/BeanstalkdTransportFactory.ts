import { LazyTransportFactory } from '../TransportFactory.js';
import { BEANSTALKD_OPTIONS } from './BeanstalkdOptions.js';

/**
 * Symfony's Beanstalkd transport for `beanstalkd://host[:port]` (port 11300 by default). The
 * option specs are plain data; the protocol client is loaded only when a transport is created.
 */
export class BeanstalkdTransportFactory extends LazyTransportFactory {
  constructor() {
    super(
      'Beanstalkd',
      ['beanstalkd'],
      BEANSTALKD_OPTIONS,
      async () => (await import('./createBeanstalkdTransport.js')).createBeanstalkdTransport,
    );
  }
}
