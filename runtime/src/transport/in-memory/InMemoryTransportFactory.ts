import type { TransportContext, TransportFactory } from '../TransportFactory.js';
import { InMemoryTransport } from './InMemoryTransport.js';

export class InMemoryTransportFactory implements TransportFactory {
  readonly schemes = ['in-memory'];
  // An environment override (`async: 'in-memory://'`) keeps the options meant for the real transport.
  readonly ignoresUnknownOptions = true;
  readonly label = 'in-memory';
  readonly options = {
    serialize: {
      type: 'boolean',
      default: false,
      description: 'Encode and decode every message with the transport serializer, to test that layer too.',
    },
  } as const;

  serializes(options: Readonly<Record<string, unknown>>): boolean {
    return options['serialize'] === true;
  }

  createTransport(
    _dsn: unknown,
    options: Readonly<Record<string, unknown>>,
    context: TransportContext,
  ): InMemoryTransport {
    const clock = context.clock;
    return new InMemoryTransport(
      options['serialize'] === true ? context.serializer : undefined,
      clock === undefined ? undefined : () => clock.now(),
    );
  }
}
