import type { Envelope } from '../Envelope.js';
import { capabilitiesOf, isReleasingReceiver, type Receiver, type Sender } from './Transport.js';

/**
 * Batches through any transport: the transport's own sendMany(), ackMany() and rejectMany()
 * when it declares `capabilities.batch`, else one message at a time, in order.
 */
export async function sendMany(sender: Sender, envelopes: readonly Envelope[]): Promise<Envelope[]> {
  if (capabilitiesOf(sender).batch === true && sender.sendMany !== undefined) return sender.sendMany(envelopes);
  const sent: Envelope[] = [];
  for (const envelope of envelopes) sent.push(await sender.send(envelope));
  return sent;
}

export async function ackMany(receiver: Receiver, envelopes: readonly Envelope[]): Promise<void> {
  if (capabilitiesOf(receiver).batch === true && receiver.ackMany !== undefined) return receiver.ackMany(envelopes);
  for (const envelope of envelopes) await receiver.ack(envelope);
}

export async function rejectMany(receiver: Receiver, envelopes: readonly Envelope[]): Promise<void> {
  if (capabilitiesOf(receiver).batch === true && receiver.rejectMany !== undefined)
    return receiver.rejectMany(envelopes);
  for (const envelope of envelopes) await receiver.reject(envelope);
}

/**
 * Gives back messages taken and not started, when the receiver can (`capabilities.release`);
 * false when it cannot: they come back after its redelivery timeout instead.
 */
export async function releaseMany(receiver: Receiver, envelopes: readonly Envelope[]): Promise<boolean> {
  if (envelopes.length === 0) return true;
  if (!isReleasingReceiver(receiver)) return false;
  await receiver.release(envelopes);
  return true;
}
