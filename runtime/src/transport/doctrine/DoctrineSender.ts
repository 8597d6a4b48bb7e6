import type { Envelope } from '../../Envelope.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { encodeForTransport } from '../serialization/UndecodableMessage.js';
import type { Sender } from '../Transport.js';
import type { Connection } from './Connection.js';

/** Inserts envelopes as rows; a DelayStamp sets when the row becomes available. */
export class DoctrineSender implements Sender {
  constructor(
    private readonly connection: Connection,
    private readonly serializer: Serializer,
  ) {}

  async send(envelope: Envelope): Promise<Envelope> {
    const encoded = encodeForTransport(this.serializer, envelope);
    const id = await this.connection.send(encoded.body, encoded.headers, envelope.last(DelayStamp)?.delay ?? 0);
    return envelope.with(new TransportMessageIdStamp(id));
  }

  /** Several envelopes in one statement (PostgreSQL) or one transaction (SQLite): all are stored, or none. */
  async sendMany(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    const sent: Envelope[] = [];
    // Chunks keep statements and transactions short (and SQLite's and pg's parameter limits far away).
    for (let start = 0; start < envelopes.length; start += CHUNK) {
      const chunk = envelopes.slice(start, start + CHUNK);
      const ids = await this.connection.sendMany(
        chunk.map((envelope) => {
          const encoded = encodeForTransport(this.serializer, envelope);
          return { body: encoded.body, headers: encoded.headers, delay: envelope.last(DelayStamp)?.delay ?? 0 };
        }),
      );
      chunk.forEach((envelope, i) => sent.push(envelope.with(new TransportMessageIdStamp(ids[i]!))));
    }
    return sent;
  }
}

/** Messages per INSERT of sendMany(). */
const CHUNK = 500;
