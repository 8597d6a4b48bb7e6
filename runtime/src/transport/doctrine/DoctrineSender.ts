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
}
