import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { type Dsn, maskDsn } from '../Dsn.js';
import type { TransportContext } from '../TransportFactory.js';
import { BeanstalkdClient } from './BeanstalkdClient.js';
import { BeanstalkdConnection } from './BeanstalkdConnection.js';
import { beanstalkdConfiguration } from './BeanstalkdOptions.js';
import { BeanstalkdTransport } from './BeanstalkdTransport.js';

/** The port beanstalkd listens on unless told otherwise. */
export const DEFAULT_PORT = 11300;

/** Builds the transport; the connection opens on first use. */
export function createBeanstalkdTransport(
  dsn: Dsn,
  options: Readonly<Record<string, unknown>>,
  context: TransportContext,
): BeanstalkdTransport {
  const shown = maskDsn(dsn.raw.split('?')[0]!);
  if (dsn.host === '' || dsn.host.includes(','))
    throw new InvalidArgumentException(
      `The Beanstalkd DSN "${shown}" needs one host: beanstalkd://host[:port], e.g. beanstalkd://localhost:11300.`,
    );
  const configuration = beanstalkdConfiguration(options);
  const client = new BeanstalkdClient({
    host: dsn.host.replace(/^\[(.*)\]$/, '$1'),
    port: dsn.port ?? DEFAULT_PORT,
    label: `Beanstalkd ${shown}`,
    greeting: BeanstalkdConnection.greeting(configuration.tubeName),
  });
  return new BeanstalkdTransport(new BeanstalkdConnection(configuration, client), context.serializer, context.logger);
}
