/**
 * An application for the requeue tests: invoices go to `async`, refunds to `priority`, and every
 * message fails while the billing API is down, so it lands in the failure transport `failed`.
 */
import {
  type Envelope,
  FailedMessages,
  type ListableReceiver,
  type Messenger,
  type Sender,
  WorkerMessageFailedEvent,
  WorkerMessageHandledEvent,
} from '../../src/index.js';
import type { TestDatabase } from './databases.js';
import { consumeUntil, messengerOn } from './workerApp.js';
import { billingHandlers, Invoice, Refund } from './billing.js';

export { Invoice, Refund } from './billing.js';

const YAML = `
failure_transport: failed
transports:
  async: { dsn: %dsn(async)%, retry_strategy: { max_retries: 0 } }
  priority: { dsn: %dsn(priority)%, retry_strategy: { max_retries: 0 } }
  failed: %dsn(failed)%
  now: 'sync://'
routing:
  Invoice: async
  Refund: priority`;

export interface RequeueApp {
  readonly messenger: Messenger;
  /** Another messenger on the same database (what each CLI command opens). */
  readonly application: () => Promise<Messenger>;
  readonly failed: FailedMessages;
  /** While down, handlers throw `billing API <outage> (<ref>)`. */
  readonly api: { up: boolean; outage: string };
  /** The refs handled, in order (a ref twice is a duplicate). */
  readonly handled: string[];
  /** Consumes `async` and `priority` until `count` more messages were handled or failed. */
  consume(count: number): Promise<void>;
}

export async function requeueApp(
  db: TestDatabase,
  invoices: readonly string[],
  refunds: readonly string[] = [],
): Promise<RequeueApp> {
  const api = { up: false, outage: 'down' };
  const handled: string[] = [];
  const handle = (ref: string): void => {
    if (!api.up) throw new Error(`billing API ${api.outage} (${ref})`);
    handled.push(ref);
  };
  const [InvoiceHandler, RefundHandler] = billingHandlers(handle);
  const application = (): Promise<Messenger> => messengerOn(db, YAML, { handlers: [InvoiceHandler, RefundHandler] });
  const messenger = await application();
  const consume = async (count: number): Promise<void> => {
    let done = 0;
    await consumeUntil(
      messenger,
      { receivers: ['async', 'priority'], sleep: 10 },
      () => done >= count,
      (worker) => {
        worker.on(WorkerMessageFailedEvent, () => void done++);
        worker.on(WorkerMessageHandledEvent, () => void done++);
      },
    );
  };
  for (const ref of invoices) await messenger.dispatch(new Invoice(ref));
  for (const ref of refunds) await messenger.dispatch(new Refund(ref));
  await consume(invoices.length + refunds.length);
  return { messenger, application, failed: new FailedMessages(messenger), api, handled, consume };
}

/** The refs waiting in a transport, sorted. */
export async function refsIn(messenger: Messenger, transport: string): Promise<string[]> {
  const envelopes = await (messenger.getTransport(transport) as unknown as ListableReceiver).all(1000);
  return envelopes.map((e: Envelope) => (e.message as Invoice).ref).sort();
}

/**
 * The size of each bulk send a transport is asked for. The transport stays the real one (its
 * sendMany() still stores the messages in the database): only the calls are counted.
 */
export function countBulkSends(sender: Sender): number[] {
  const sizes: number[] = [];
  const sendMany = sender.sendMany!.bind(sender);
  Object.assign(sender, {
    sendMany: (envelopes: readonly Envelope[]) => {
      sizes.push(envelopes.length);
      return sendMany(envelopes);
    },
  });
  return sizes;
}
