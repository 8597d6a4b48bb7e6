import { InvalidArgumentException } from '../../errors/MessengerException.js';
import { TransportException } from '../../errors/TransportException.js';
import type { EncodedEnvelope } from '../serialization/Serializer.js';
import { type BeanstalkdClient, BeanstalkdConnectionException } from './BeanstalkdClient.js';
import type { BeanstalkdConfiguration } from './BeanstalkdOptions.js';
import { command, DEFAULT_PRIORITY, parseStats, putCommand, type Reply } from './protocol.js';

/** A reserved job: its id and its body (the JSON of the encoded envelope). */
export interface BeanstalkdJob {
  readonly id: string;
  readonly payload: string;
}

/** A job to put: the encoded envelope, its delay (ms) and priority. */
export interface OutgoingJob {
  readonly encoded: EncodedEnvelope;
  readonly delay: number;
  readonly priority: number | undefined;
}

/** What happened to a job the worker acknowledged, rejected or kept alive: NOT_FOUND means it was no longer this worker's. */
export type JobOutcome = 'done' | 'not-reserved';

/**
 * Symfony's Beanstalkd Connection: one tube, used (for put) and watched alone (for reserve) on
 * one connection, since a reserved job can only be touched, buried or released by the
 * connection that reserved it. A command that fails because the connection was lost is sent
 * once more on a new connection, as Symfony does.
 */
export class BeanstalkdConnection {
  /** The ids of the jobs this connection holds (reserved, not yet deleted or buried). */
  private readonly held = new Set<string>();
  private watchdog: NodeJS.Timeout | undefined;

  constructor(
    readonly configuration: BeanstalkdConfiguration,
    readonly client: BeanstalkdClient,
  ) {}

  /** The greeting of every connection: use the tube, watch it, and ignore `default` (watched by every new connection). */
  static greeting(tube: string): Buffer[] {
    const greeting = [command('use', tube), command('watch', tube)];
    if (tube !== 'default') greeting.push(command('ignore', 'default'));
    return greeting;
  }

  /** Puts the jobs (in one write) and returns their ids, in order. */
  async put(jobs: readonly OutgoingJob[]): Promise<string[]> {
    const commands = jobs.map((job) => {
      const payload = Buffer.from(JSON.stringify({ body: job.encoded.body, headers: job.encoded.headers }));
      // beanstalkd counts delays in whole seconds: rounded up, a message is never due before its DelayStamp says.
      return putCommand(payload, job.priority ?? DEFAULT_PRIORITY, Math.ceil(Math.max(0, job.delay) / 1000), this.ttr);
    });
    const replies = await this.withReconnect(() => this.client.requestMany(commands));
    return replies.map((reply, i) => this.inserted(reply, commands[i]!.length));
  }

  /**
   * Reserves up to `max` jobs: waits up to `timeout` seconds for the first, then takes those
   * ready at once. When `signal` aborts during the wait, the connection is dropped (the server
   * puts back anything it reserved meanwhile) and nothing is returned.
   */
  async reserve(max: number, signal?: AbortSignal): Promise<BeanstalkdJob[]> {
    if (signal?.aborted) return [];
    const first = await this.reserveFirst(signal);
    if (first === undefined || max <= 1) return this.holding(first === undefined ? [] : [first]);
    const jobs = [first];
    let more: Reply[];
    try {
      more = await this.client.requestMany(Array.from({ length: max - 1 }, () => command('reserve-with-timeout', 0)));
    } catch (error) {
      // The server put back what the lost connection held; the first job is handed out (at least once).
      if (error instanceof BeanstalkdConnectionException) return this.holding(jobs);
      throw error;
    }
    for (const reply of more) {
      const job = this.reserved(reply);
      if (job !== undefined) jobs.push(job);
    }
    return this.holding(jobs);
  }

  async delete(ids: readonly string[]): Promise<JobOutcome[]> {
    for (const id of ids) this.held.delete(id);
    const replies = await this.withReconnect(() => this.client.requestMany(ids.map((id) => command('delete', id))));
    return replies.map((reply) => this.outcome(reply, 'DELETED', 'delete'));
  }

  /** Buries a job with this priority, or with its own when none is given (one more round trip to read it). */
  async bury(id: string, priority: number | undefined): Promise<JobOutcome> {
    this.held.delete(id);
    const pri = priority ?? (await this.getMessagePriority(id)) ?? DEFAULT_PRIORITY;
    return this.outcome(
      await this.withReconnect(() => this.client.request(command('bury', id, pri))),
      'BURIED',
      'bury',
    );
  }

  /** Restarts the job's time to run. `seconds`: how often the worker does it, which must be shorter than ttr. */
  async touch(id: string, seconds?: number): Promise<JobOutcome> {
    if (seconds !== undefined) this.checkKeepaliveInterval(seconds);
    if (this.held.has(id)) this.watch();
    return this.outcome(await this.withReconnect(() => this.client.request(command('touch', id))), 'TOUCHED', 'touch');
  }

  checkKeepaliveInterval(seconds: number): void {
    if (seconds < this.ttr) return;
    throw new InvalidArgumentException(
      `The keepalive interval (${seconds} s) must be shorter than the Beanstalkd transport's ttr (${this.ttr} s), or a message still being handled goes back to the ready queue for another worker: pass a shorter --keepalive, or raise ttr.`,
    );
  }

  /** The jobs ready in the tube (Symfony's count: delayed, reserved and buried ones are not counted). */
  async getMessageCount(): Promise<number> {
    const stats = await this.stats(command('stats-tube', this.configuration.tubeName));
    return Number(stats?.['current-jobs-ready'] ?? 0);
  }

  /** The priority of a job, or undefined when there is no such job. */
  async getMessagePriority(id: string): Promise<number | undefined> {
    const stats = await this.stats(command('stats-job', id));
    return stats === undefined ? undefined : Number(stats['pri']);
  }

  close(): Promise<void> {
    clearTimeout(this.watchdog);
    this.held.clear();
    return this.client.close();
  }

  /** Jobs just reserved: held until deleted or buried, and watched (see watch()). */
  private holding(jobs: BeanstalkdJob[]): BeanstalkdJob[] {
    if (jobs.length === 0) return jobs;
    for (const job of jobs) this.held.add(job.id);
    this.watch();
    return jobs;
  }

  /**
   * beanstalkd (1.12, and its main branch still) can lose track of a connection's ttr: when its
   * timer fires for a connection whose soonest deadline has not quite passed (its clock counts
   * microseconds), it drops the connection from its timers, and puts its jobs back only once the
   * connection sends something (beanstalkd/beanstalkd#262). A worker whose handler hangs sends
   * nothing, so its message would never go to another worker. Any command makes the server look
   * again: while this connection holds jobs, it sends one ttr + 1 s after the last reservation or
   * touch, and again every ttr + 1 s.
   */
  private watch(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => {
        this.watchdog = undefined;
        if (this.held.size === 0) return;
        // Only to wake the server up: what it answers, or a lost connection, does not matter here.
        this.client.request(command('list-tube-used')).catch(() => undefined);
        this.watch();
      },
      (this.ttr + 1) * 1000,
    );
    this.watchdog.unref();
  }

  private get ttr(): number {
    return this.configuration.ttr;
  }

  private async reserveFirst(signal: AbortSignal | undefined): Promise<BeanstalkdJob | undefined> {
    const timeout = this.configuration.timeout;
    const reserve = command('reserve-with-timeout', timeout);
    if (timeout === 0 || signal === undefined)
      return this.reserved(await this.withReconnect(() => this.client.request(reserve)));
    // A reserve that waits cannot be taken back: stopping the worker drops the connection instead.
    const stop = (): void => this.client.drop('the worker stopped while waiting for a job');
    signal.addEventListener('abort', stop, { once: true });
    try {
      return this.reserved(await this.client.request(reserve));
    } catch (error) {
      if (signal.aborted && error instanceof BeanstalkdConnectionException) return undefined;
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  private reserved(reply: Reply): BeanstalkdJob | undefined {
    const [status, id] = reply.words;
    if (status === 'RESERVED' && reply.body !== undefined) return { id: id!, payload: reply.body.toString('utf8') };
    // DEADLINE_SOON: a job this connection holds is about to run out of time; the worker asks again later.
    if (status === 'TIMED_OUT' || status === 'DEADLINE_SOON') return undefined;
    throw this.refused('reserve', reply);
  }

  private inserted(reply: Reply, size: number): string {
    const [status, id] = reply.words;
    if (status === 'INSERTED') return id!;
    if (status === 'JOB_TOO_BIG')
      throw new TransportException(
        `${this.client.label}: the message (${size} bytes with its headers) is larger than the server's max-job-size (beanstalkd -z, 65,535 bytes by default).`,
      );
    if (status === 'BURIED')
      throw new TransportException(
        `${this.client.label}: the server is out of memory: it buried job ${id} at once instead of queueing it.`,
      );
    if (status === 'DRAINING')
      throw new TransportException(`${this.client.label}: the server is draining (it takes no new jobs).`);
    throw this.refused('put', reply);
  }

  private outcome(reply: Reply, expected: string, what: string): JobOutcome {
    if (reply.words[0] === expected) return 'done';
    if (reply.words[0] === 'NOT_FOUND') return 'not-reserved';
    throw this.refused(what, reply);
  }

  private async stats(request: Buffer): Promise<Record<string, string> | undefined> {
    const reply = await this.withReconnect(() => this.client.request(request));
    if (reply.words[0] === 'NOT_FOUND') return undefined;
    if (reply.words[0] === 'OK' && reply.body !== undefined) return parseStats(reply.body);
    throw this.refused('stats', reply);
  }

  private refused(what: string, reply: Reply): TransportException {
    return new TransportException(
      `${this.client.label}: ${what} failed: the server answered ${reply.words.join(' ')}.`,
    );
  }

  private async withReconnect<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof BeanstalkdConnectionException)) throw error;
      return work();
    }
  }
}
