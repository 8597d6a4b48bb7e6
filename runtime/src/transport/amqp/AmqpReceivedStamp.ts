import type { MessageProperties } from 'amqplib';
import { NonSendableStamp } from '../../stamp/Stamp.js';

/** The AMQP message an envelope came from, and the queue: what ack() and reject() answer, and what a retry keeps. */
export class AmqpReceivedStamp extends NonSendableStamp {
  constructor(
    readonly queueName: string,
    readonly routingKey: string,
    readonly properties: Readonly<MessageProperties>,
    /** The delivery: valid on the channel it came from only (a reconnection makes it stale). */
    readonly delivery: object,
  ) {
    super();
  }

  /** Symfony's getter. */
  getQueueName(): string {
    return this.queueName;
  }
}
