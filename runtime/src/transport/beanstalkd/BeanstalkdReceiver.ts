import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import type { Logger } from '../../log/Logger.js';
import { SentForRetryStamp } from '../../stamp/SentForRetryStamp.js';
import { TransportMessageIdStamp } from '../../stamp/TransportMessageIdStamp.js';
import { readWireMessage } from '../redis/wireFormat.js';
import type { Serializer } from '../serialization/Serializer.js';
import { decodeEncodedOrKeep, keepUnreadable } from '../serialization/UndecodableMessage.js';
import type { ReceiveOptions } from '../Transport.js';
import type { BeanstalkdConnection, BeanstalkdJob, JobOutcome } from './BeanstalkdConnection.js';
import { BeanstalkdPriorityStamp } from './BeanstalkdPriorityStamp.js';
import { BeanstalkdReceivedStamp } from './BeanstalkdReceivedStamp.js';

/**
 * Turns reserved jobs into envelopes, and acknowledges, rejects and keeps alive by job id. A job
 * that cannot be read or decoded is not lost: it becomes an UndecodableMessage that the worker
 * sends to the failure transport. A job that is no longer this worker's when it is acknowledged
 * (its ttr ran out, or the connection was lost, and the server put it back) is reported, not
 * thrown: it is delivered again, at least once.
 */
export class BeanstalkdReceiver {
  private logger: Logger | undefined;

  constructor(
    private readonly connection: BeanstalkdConnection,
    private readonly serializer: Serializer,
    appLogger: Logger | undefined,
  ) {
    this.logger = appLogger;
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
    this.connection.client.setLogger(logger);
  }

  async get(options?: ReceiveOptions): Promise<readonly Envelope[]> {
    const jobs = await this.connection.reserve(Math.max(1, options?.maxMessages ?? 1), options?.signal);
    return jobs.map((job) => this.envelope(job));
  }

  async ack(envelopes: readonly Envelope[]): Promise<void> {
    const stamps = envelopes.map(receivedStamp);
    const outcomes = await this.connection.delete(stamps.map((s) => s.id));
    outcomes.forEach((outcome, i) => this.check(outcome, stamps[i]!, 'acknowledged'));
  }

  /** Deletes, or buries with bury_on_reject (unless the worker has already sent the message for retry). */
  async reject(envelopes: readonly Envelope[]): Promise<void> {
    const bury = envelopes.filter(
      (e) => this.connection.configuration.buryOnReject && e.last(SentForRetryStamp)?.isSent !== true,
    );
    const remove = envelopes.filter((e) => !bury.includes(e));
    for (const envelope of bury) {
      const stamp = receivedStamp(envelope);
      this.check(
        await this.connection.bury(stamp.id, envelope.last(BeanstalkdPriorityStamp)?.priority),
        stamp,
        'buried',
      );
    }
    if (remove.length > 0) await this.ack(remove);
  }

  async keepalive(envelope: Envelope, seconds?: number): Promise<void> {
    const stamp = receivedStamp(envelope);
    this.check(await this.connection.touch(stamp.id, seconds), stamp, 'kept alive');
  }

  private envelope(job: BeanstalkdJob): Envelope {
    const message = readWireMessage(job.payload, 'the job');
    let envelope = message.ok
      ? decodeEncodedOrKeep(this.serializer, { body: message.body, headers: message.headers })
      : keepUnreadable(message.raw, `Could not read the Beanstalkd job: ${message.reason}.`);
    // A retried message carries the id it had before.
    if (envelope.last(TransportMessageIdStamp) !== undefined) envelope = envelope.withoutAll(TransportMessageIdStamp);
    return envelope.with(
      new BeanstalkdReceivedStamp(job.id, this.connection.configuration.tubeName),
      new TransportMessageIdStamp(job.id),
    );
  }

  private check(outcome: JobOutcome, stamp: BeanstalkdReceivedStamp, what: string): void {
    if (outcome === 'done') return;
    const message = `Beanstalkd job ${stamp.id} (tube "${stamp.tube}") could not be ${what}: it is no longer reserved by this worker (its ttr ran out, or the connection was lost), so the server has put it back and it may be handled again. Raise the transport's ttr above your slowest handler, or consume with --keepalive.`;
    if (this.logger !== undefined) this.logger.log('warning', message);
    else process.emitWarning(message, { code: 'MESSENGER_BEANSTALKD' });
  }
}

function receivedStamp(envelope: Envelope): BeanstalkdReceivedStamp {
  const stamp = envelope.last(BeanstalkdReceivedStamp);
  if (stamp === undefined)
    throw new LogicException(
      'No BeanstalkdReceivedStamp found on the envelope: it was not received from this transport.',
    );
  return stamp;
}
