import type { Envelope } from '../Envelope.js';
import { sendMany } from '../transport/batch.js';
import type { Sender } from '../transport/Transport.js';

interface Queued {
  readonly index: number;
  readonly envelope: Envelope;
  readonly resolve: (sent: Envelope) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The sends of one dispatchMany(): each dispatch goes through the middleware as usual, but
 * send_message hands its envelope here instead of sending it. Once every dispatch has either
 * reached that point or finished without sending (handled synchronously, failed), each
 * transport gets its envelopes in one sendMany(), in the order they were given.
 */
export class SendBatch {
  private readonly queued = new Map<Sender, Queued[]>();
  private readonly arrived = new Set<number>();
  private flushed = false;

  constructor(private readonly size: number) {}

  /** Sends `envelope` with the others; what sendMany() returned for it. After the flush (a message held back until its root dispatch ended), at once. */
  send(index: number, sender: Sender, envelope: Envelope): Promise<Envelope> {
    if (this.flushed) return sender.send(envelope);
    return new Promise((resolve, reject) => {
      let list = this.queued.get(sender);
      if (list === undefined) this.queued.set(sender, (list = []));
      list.push({ index, envelope, resolve, reject });
    });
  }

  /** Dispatch `index` queued all its sends, or will send nothing: once all have, the batch goes out. */
  arrive(index: number): void {
    if (this.flushed || this.arrived.has(index)) return;
    this.arrived.add(index);
    if (this.arrived.size === this.size) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushed = true;
    for (const [sender, list] of this.queued) {
      list.sort((a, b) => a.index - b.index);
      try {
        const sent = await sendMany(
          sender,
          list.map((q) => q.envelope),
        );
        list.forEach((q, i) => q.resolve(sent[i]!));
      } catch (error) {
        for (const q of list) q.reject(error);
      }
    }
  }
}
