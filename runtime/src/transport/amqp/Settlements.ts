import type { Channel, Message } from 'amqplib';

/** What basic.ack and basic.nack read from a message: its delivery tag. */
const tagged = (deliveryTag: number): Message => ({ fields: { deliveryTag } }) as Message;

/**
 * The acknowledgements and rejections of one channel, written together once the current batch of
 * work is done (amqplib writes each frame on its own otherwise; a socket write per message is most
 * of a busy worker's time): a run of acknowledged messages, in delivery order, becomes one
 * basic.ack `multiple`; a rejection is a basic.nack of its own. A message settled while an earlier
 * one is still in progress is answered on its own, so RabbitMQ can push more meanwhile.
 *
 * Nothing is lost by waiting: a channel that closes first gives its unanswered messages back to
 * their queues, as it would have anyway.
 */
export class Settlements {
  /** Delivery tag → acknowledged (true) or rejected (false); `null`: answered on its own already. */
  private readonly settled = new Map<number, boolean | null>();
  /** The first delivery tag not answered in order yet (a channel numbers its deliveries from 1). */
  private next = 1;
  private scheduled = false;

  constructor(
    private readonly channel: Channel,
    private readonly failed: (error: unknown) => void,
  ) {}

  settle(deliveryTag: number, acknowledged: boolean): void {
    this.settled.set(deliveryTag, acknowledged);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is settled (at once: before the channel closes on purpose). */
  flush(): void {
    this.scheduled = false;
    if (this.settled.size === 0) return;
    try {
      let lastAck: number | undefined;
      const sendAcks = (): void => {
        if (lastAck !== undefined) this.channel.ack(tagged(lastAck), true);
        lastAck = undefined;
      };
      for (let state = this.settled.get(this.next); state !== undefined; state = this.settled.get(this.next)) {
        this.settled.delete(this.next);
        if (state === true) lastAck = this.next;
        else if (state === false) {
          sendAcks();
          this.channel.nack(tagged(this.next), false, false);
        }
        this.next++;
      }
      sendAcks();
      for (const [tag, state] of this.settled) {
        if (state === null) continue;
        if (state) this.channel.ack(tagged(tag));
        else this.channel.nack(tagged(tag), false, false);
        this.settled.set(tag, null);
      }
    } catch (error) {
      this.settled.clear();
      this.failed(error);
    }
  }
}
