import type { TransportContext, TransportFactory } from '../TransportFactory.js';
import { SyncTransport } from './SyncTransport.js';

export class SyncTransportFactory implements TransportFactory {
  readonly schemes = ['sync'];
  // An environment override (`async: 'in-memory://'`) keeps the options meant for the real transport.
  readonly ignoresUnknownOptions = true;
  readonly label = 'sync';
  readonly options = {};

  /** The envelope is handed to the bus as it is. */
  serializes(): boolean {
    return false;
  }

  createTransport(_dsn: unknown, _options: unknown, context: TransportContext): SyncTransport {
    return new SyncTransport(context.bus);
  }
}
