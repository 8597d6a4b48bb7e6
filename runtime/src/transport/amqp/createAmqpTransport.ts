import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { InvalidTransportOptionException } from '../../errors/InvalidTransportOptionException.js';
import { TransportException } from '../../errors/TransportException.js';
import { errorMessage } from '../../support/errorMessage.js';
import type { Dsn } from '../Dsn.js';
import type { TransportContext } from '../TransportFactory.js';
import { AmqpConnection } from './AmqpConnection.js';
import { type AmqpConfiguration, amqpConfiguration } from './AmqpOptions.js';
import { AmqpTransport } from './AmqpTransport.js';
import { type AmqpTarget, parseAmqpDsn } from './amqpDsn.js';

/** Builds the transport on amqplib (loaded now, and only for AMQP DSNs). Nothing connects until first used. */
export async function createAmqpTransport(
  dsn: Dsn,
  options: Readonly<Record<string, unknown>>,
  context: TransportContext,
): Promise<AmqpTransport> {
  const target = parseAmqpDsn(dsn, options);
  const configuration = amqpConfiguration(options, target.exchange);
  if (target.tls && configuration.cacert === undefined)
    throw new InvalidArgumentException(
      `Transport "${context.name}": amqps:// needs a CA certificate: set the "cacert" option (e.g. amqps://host?cacert=/etc/ssl/certs/ca.pem), or use amqp:// without TLS.`,
    );
  if (options['persistent'] === true)
    process.emitWarning(
      `Transport "${context.name}": the AMQP option persistent has no meaning in Node (a worker keeps one connection for its lifetime); it is ignored.`,
      { code: 'MESSENGER_AMQP_OPTION' },
    );
  const amqplib = await importAmqplib(target.label);
  let transport: AmqpTransport | undefined;
  const connection = new AmqpConnection({
    configuration,
    target,
    amqplib,
    socketOptions: target.tls ? tlsOptions(configuration, target, context.projectDir) : {},
    clientName: `messenger:${context.name}`,
    report: (level, message) => transport?.report(level, message),
  });
  transport = new AmqpTransport(connection, context.serializer, context.logger);
  return transport;
}

async function importAmqplib(label: string): Promise<Pick<typeof import('amqplib'), 'connect'>> {
  try {
    return await import('amqplib');
  } catch (error) {
    throw new TransportException(
      `${label}: the "amqplib" package could not be loaded (${errorMessage(error)}). Install it: npm install amqplib`,
      { cause: error },
    );
  }
}

/** amqps: the CA (a file, or a folder of PEM files as php-amqp accepts), the client certificate and key. */
function tlsOptions(c: AmqpConfiguration, target: AmqpTarget, projectDir: string): Record<string, unknown> {
  const read = (option: 'cacert' | 'cert' | 'key', path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    const file = isAbsolute(path) ? path : resolve(projectDir, path);
    try {
      return readFileSync(file);
    } catch (error) {
      throw new InvalidTransportOptionException(
        option,
        `The AMQP option "${option}" names ${file}, which cannot be read (${errorMessage(error)}).`,
      );
    }
  };
  return {
    ca: read('cacert', c.cacert),
    cert: read('cert', c.cert),
    key: read('key', c.key),
    rejectUnauthorized: c.verify,
    servername: /^[\d.]+$|:/.test(target.host) ? undefined : target.host,
  };
}
