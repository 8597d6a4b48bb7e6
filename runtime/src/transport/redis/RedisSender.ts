import type { Envelope } from '../../Envelope.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { encodeForTransport } from '../serialization/UndecodableMessage.js';
import type { Sender } from '../Transport.js';
import type { RedisConnection } from './RedisConnection.js';

/** Adds envelopes to the stream, or to the delayed set with a DelayStamp. */
export class RedisSender implements Sender {
  constructor(
    private readonly connection: RedisConnection,
    private readonly serializer: Serializer,
  ) {}

  async send(envelope: Envelope): Promise<Envelope> {
    const encoded = encodeForTransport(this.serializer, envelope);
    const id = await this.connection.add(encoded, envelope.last(DelayStamp)?.delay ?? 0);
    return envelope.with(new TransportMessageIdStamp(id));
  }
}
