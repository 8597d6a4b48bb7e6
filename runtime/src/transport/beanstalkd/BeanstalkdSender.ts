import type { Envelope } from '../../Envelope.js';
import { DelayStamp } from '../../stamp/DelayStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import type { Serializer } from '../serialization/Serializer.js';
import { encodeForTransport } from '../serialization/UndecodableMessage.js';
import type { BeanstalkdConnection } from './BeanstalkdConnection.js';
import { BeanstalkdPriorityStamp } from './BeanstalkdPriorityStamp.js';

/** Puts envelopes in the tube: a DelayStamp delays the job (beanstalkd's own delay), a BeanstalkdPriorityStamp sets its priority. */
export class BeanstalkdSender {
  constructor(
    private readonly connection: BeanstalkdConnection,
    private readonly serializer: Serializer,
  ) {}

  /** One write for all of them; each comes back with its job id. */
  async send(envelopes: readonly Envelope[]): Promise<Envelope[]> {
    const jobs = envelopes.map((envelope) => ({
      encoded: encodeForTransport(this.serializer, envelope),
      delay: envelope.last(DelayStamp)?.delay ?? 0,
      priority: envelope.last(BeanstalkdPriorityStamp)?.priority,
    }));
    const ids = await this.connection.put(jobs);
    return envelopes.map((envelope, i) => envelope.with(new TransportMessageIdStamp(ids[i]!)));
  }
}
