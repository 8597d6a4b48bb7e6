import type { Envelope } from '../../Envelope.js';
import type { Receiver } from '../Transport.js';

/** Receives one given message of another receiver, once (how `failed:retry` hands one message to a worker). */
export class SingleMessageReceiver implements Receiver {
  private received = false;

  constructor(
    private readonly receiver: Receiver,
    private readonly envelope: Envelope,
  ) {}

  async get(): Promise<readonly Envelope[]> {
    if (this.received) return [];
    this.received = true;
    return [this.envelope];
  }

  ack(envelope: Envelope): Promise<void> {
    return this.receiver.ack(envelope);
  }

  reject(envelope: Envelope): Promise<void> {
    return this.receiver.reject(envelope);
  }
}
