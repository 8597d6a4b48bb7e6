import { TransportException } from '../errors/TransportException.js';
import type { Envelope } from '../Envelope.js';
import type { Transport } from '../transport/Transport.js';

/**
 * Stands in for a transport whose DSN scheme is known but not built yet, so the rest of the
 * app (other transports, `debug`, sync handling) still works; using it says why it cannot.
 */
export class UnavailableTransport implements Transport {
  constructor(readonly reason: string) {}

  send(_envelope: Envelope): Promise<Envelope> {
    return Promise.reject(new TransportException(this.reason));
  }

  get(): Promise<readonly Envelope[]> {
    return Promise.reject(new TransportException(this.reason));
  }

  ack(): Promise<void> {
    return Promise.reject(new TransportException(this.reason));
  }

  reject(): Promise<void> {
    return Promise.reject(new TransportException(this.reason));
  }
}
