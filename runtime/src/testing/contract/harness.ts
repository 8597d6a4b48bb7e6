import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageBusInterface } from '../../bus/MessageBus.js';
import type { Envelope } from '../../Envelope.js';
import { LogicException } from '../../errors/MessengerException.js';
import type { Serializer } from '../../transport/serialization/Serializer.js';
import type { Transport } from '../../transport/Transport.js';
import { type Clock, MockClock, SystemClock } from '../../worker/Clock.js';
import { contractSerializer } from './messages.js';
import type { TransportContractOptions } from './options.js';

/** No contract test dispatches: a transport that does (sync) is not one the suite is for. */
const NO_BUS: MessageBusInterface = {
  dispatch: () => Promise.reject(new LogicException('The transport contract suite has no bus to dispatch on.')),
};

/** One test's world: its queue, its clock, the transports it created (closed at the end). */
export class ContractRun {
  readonly queue = `contract_${randomBytes(5).toString('hex')}`;
  readonly clock: Clock;
  readonly timeout: number;
  private readonly transports: Transport[] = [];

  constructor(readonly options: TransportContractOptions) {
    this.clock = options.clock === 'system' ? new SystemClock() : new MockClock(Date.now());
    this.timeout = options.timeout ?? 10_000;
  }

  /** A new transport on this test's queue: another consumer, as in another worker process. */
  async transport(overrides: { serializer?: Serializer; queueName?: string } = {}): Promise<Transport> {
    const transport = await this.options.create({
      name: 'contract',
      serializer: overrides.serializer ?? contractSerializer(),
      projectDir: tmpdir(),
      bus: NO_BUS,
      environment: {},
      clock: this.clock,
      queue: this.queue,
      consumer: `consumer_${this.transports.length + 1}`,
      queueName: overrides.queueName ?? 'default',
    });
    this.transports.push(transport);
    return transport;
  }

  /** Lets `ms` pass: moves the mock clock, and waits for real when the time is the system's (or `real`). */
  async pass(ms: number, real = false): Promise<void> {
    if (this.clock instanceof MockClock) this.clock.advance(ms);
    if (real || !(this.clock instanceof MockClock)) await sleep(ms);
  }

  /** Whether waiting for redelivery takes real time. */
  get redeliveryIsReal(): boolean {
    return this.options.redelivery?.realTime === true || !(this.clock instanceof MockClock);
  }

  /**
   * Asks `probe` until it returns envelopes (letting a little time pass in between), and fails
   * naming `what` once the deadline has passed.
   */
  async receive(what: string, probe: () => Promise<readonly Envelope[]>): Promise<readonly Envelope[]> {
    const deadline = Date.now() + this.timeout;
    for (;;) {
      const envelopes = await probe();
      if (envelopes.length > 0) return envelopes;
      if (Date.now() > deadline) throw new Error(`Timed out after ${this.timeout} ms waiting for ${what}.`);
      await this.pass(20, true);
    }
  }

  /** Closes every transport of the test (a transport may already be closed), then removes the queue. */
  async finish(): Promise<void> {
    for (const transport of this.transports.splice(0)) await transport.close?.();
    await this.options.cleanup?.({ queue: this.queue });
  }
}
