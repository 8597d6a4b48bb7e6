import type { Clock } from '../../worker/Clock.js';
import type { TransportContext } from '../../transport/TransportFactory.js';
import type { Transport, TransportCapabilities } from '../../transport/Transport.js';

/** What create() receives: a TransportContext (serializer, clock…) and the names to use for this test. */
export interface TransportContractContext extends TransportContext {
  /**
   * Unique to the test (letters, digits, underscores; starts with a letter): name the table,
   * stream or queue after it, so tests never see each other's messages.
   */
  readonly queue: string;
  /**
   * Unique to this create() call within the test. Every transport of a test shares the queue;
   * transports whose consumers have names (Redis) give each one this name, as each worker
   * process would have its own.
   */
  readonly consumer: string;
  /**
   * `default`, or another queue of the same store (`high`, `low`) for the `queues` test
   * (transports with several queues in one store, like the Doctrine transport's queue_name).
   */
  readonly queueName: string;
  /** The time the transport must read (context.clock): a MockClock the suite moves, or the system clock. */
  readonly clock: Clock;
}

export interface TransportContractOptions {
  /** Creates a transport on `context.queue`. Called several times per test (competing consumers, a consumer that dies). */
  create(context: TransportContractContext): Transport | Promise<Transport>;
  /** Removes what a test left (table, stream…), after its transports were closed. */
  cleanup?(context: { readonly queue: string }): void | Promise<void>;
  /**
   * What the transport declares. The suite checks the declaration is exactly this, then runs
   * the tests of every capability declared (and only those).
   */
  readonly capabilities: TransportCapabilities;
  /**
   * `mock` (default): the transport reads context.clock and the suite moves that clock instead
   * of sleeping. `system`: the transport keeps its own time; the suite really waits (keep the
   * transport's delays and timeouts short).
   */
  readonly clock?: 'mock' | 'system';
  /**
   * With `capabilities.redelivery` (and `keepalive`): after how many milliseconds a message
   * whose consumer died is delivered again (configure the transport created for the suite with
   * a short timeout). `realTime`: the backend measures it on its own clock (Redis' idle time),
   * so the suite waits for real even with a mock clock. `onClose`: the backend gives a
   * consumer's messages back as soon as its connection closes (Beanstalkd), so the suite
   * expects them at once after close(), and after `timeout` from a consumer that stays
   * connected but never acknowledges.
   */
  readonly redelivery?: { readonly timeout: number; readonly realTime?: boolean; readonly onClose?: boolean };
  /** How long a wait for something that should happen may last before the test fails (default 10,000 ms). */
  readonly timeout?: number;
}

/** The test functions the suite is declared with: node:test's by default (vitest's and jest's fit too). */
export interface TestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}
