import type { Messenger } from '../app/Messenger.js';
import type { Envelope } from '../Envelope.js';
import { InvalidArgumentException } from '../errors/MessengerException.js';
import { DelayStamp } from '../stamp/DelayStamp.js';
import { SentToFailureTransportStamp } from '../stamp/SentToFailureTransportStamp.js';
import { NonSendableStamp } from '../stamp/Stamp.js';
import { TransportMessageIdStamp } from '../stamp/TransportMessageIdStamp.js';
import { rejectMany, sendMany } from '../transport/batch.js';
import { UndecodableMessage } from '../transport/serialization/UndecodableMessage.js';
import type { ListableReceiver, Sender } from '../transport/Transport.js';

/** What became of one message sent back: where it went and its id there, or why it stayed. */
export type RequeueOutcome =
  | { readonly result: 'requeued'; readonly requeuedTo: string; readonly newId: string | number | null }
  | { readonly result: 'skipped'; readonly reason: string };

/**
 * Sends failed messages back to the transports they failed on, for those transports' workers:
 * one sendMany() per transport, then one rejectMany() on the failure transport (what remove()
 * does) for what was sent. A crash between the two leaves a message in both places (handled
 * twice, never lost). A send that fails throws, and what it had to send stays where it was.
 * The outcomes come in the order of `envelopes`.
 */
export async function requeueMessages(
  messenger: Messenger,
  failureTransportName: string,
  receiver: ListableReceiver,
  envelopes: readonly Envelope[],
): Promise<RequeueOutcome[]> {
  const outcomes = new Array<RequeueOutcome>(envelopes.length);
  const groups = new Map<string, { sender: Sender; indexes: number[] }>();
  envelopes.forEach((envelope, index) => {
    const destination = destinationOf(messenger, failureTransportName, envelope);
    if ('reason' in destination) {
      outcomes[index] = { result: 'skipped', reason: destination.reason };
      return;
    }
    const group = groups.get(destination.name) ?? { sender: destination.sender, indexes: [] };
    group.indexes.push(index);
    groups.set(destination.name, group);
  });
  for (const [name, { sender, indexes }] of groups) {
    const sent = await sendMany(
      sender,
      indexes.map((i) => travelling(envelopes[i]!)),
    );
    // Only once stored there: removed earlier, a failed send would lose them.
    await rejectMany(
      receiver,
      indexes.map((i) => envelopes[i]!),
    );
    indexes.forEach((i, n) => {
      outcomes[i] = { result: 'requeued', requeuedTo: name, newId: sent[n]?.last(TransportMessageIdStamp)?.id ?? null };
    });
  }
  return outcomes;
}

/**
 * The transport a failed message goes back to: the one it failed on, when it can still take it
 * and has workers to handle it (not sync://, which would handle it here; not unavailable).
 */
function destinationOf(
  messenger: Messenger,
  failureTransportName: string,
  envelope: Envelope,
): { readonly name: string; readonly sender: Sender } | { readonly reason: string } {
  if (envelope.message instanceof UndecodableMessage)
    return { reason: 'It could not be decoded: it can only be shown or removed.' };
  const name = envelope.last(SentToFailureTransportStamp)?.originalReceiverName;
  if (name === undefined)
    return { reason: 'The transport it failed on is unknown (it has no SentToFailureTransportStamp).' };
  if (name === failureTransportName) return { reason: `It failed on "${name}" itself.` };
  try {
    // Only a transport a worker can consume: the same rule as `messenger consume`.
    messenger.getReceiver(name);
    return { name, sender: messenger.getTransport(name) };
  } catch (error) {
    if (!(error instanceof InvalidArgumentException)) throw error;
    return { reason: `It cannot go back to "${name}": ${error.message}` };
  }
}

/**
 * The message as its original transport gets it again. Kept: its errors (ErrorDetailsStamp) and
 * redeliveries, so `failed:show` still tells its story if it fails again, and the
 * RedeliveryStamp(0) added when it failed for good, so it gets its transport's retries afresh.
 * Dropped: SentToFailureTransportStamp (a message carrying one is never sent to a failure
 * transport again, as in Symfony: failing for good once more, it would be lost), the ids it had
 * in other transports, a DelayStamp of an earlier retry (it is due now), and what only made
 * sense in the process that received it (ReceivedStamp, the failure transport's received stamp).
 */
function travelling(envelope: Envelope): Envelope {
  return envelope
    .withoutAll(SentToFailureTransportStamp)
    .withoutAll(TransportMessageIdStamp)
    .withoutAll(DelayStamp)
    .withoutStampsOfType(NonSendableStamp);
}
