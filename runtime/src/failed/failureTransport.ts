import type { Messenger } from '../app/Messenger.js';
import { InvalidArgumentException, RuntimeException } from '../errors/MessengerException.js';
import { isListableReceiver, type ListableReceiver } from '../transport/Transport.js';

export interface FailureTransport {
  readonly name: string;
  readonly receiver: ListableReceiver;
  /** Whether it was named (else the global `failure_transport` is used). */
  readonly chosen: boolean;
}

/**
 * The failure transport to work on: the one named, else the global `failure_transport` (else
 * the only one there is). It must be listable: showing, retrying and removing go by message id.
 */
export function failureTransport(messenger: Messenger, name: string | undefined): FailureTransport {
  const names = messenger.failureTransportNames();
  const available = names.length === 0 ? 'none (configure failure_transport)' : `"${names.join('", "')}"`;
  const resolved = name ?? messenger.config.failureTransport ?? (names.length === 1 ? names[0] : undefined);
  if (resolved === undefined)
    throw new InvalidArgumentException(
      `No default failure transport is defined: pass --transport. Available failure transports are: ${available}.`,
    );
  if (!names.includes(resolved))
    throw new InvalidArgumentException(
      `The "${resolved}" failure transport was not found. Available failure transports are: ${available}.`,
    );
  const transport = messenger.getTransport(resolved);
  if (!isListableReceiver(transport))
    throw new RuntimeException(
      `The "${resolved}" receiver does not support listing, showing, retrying or removing messages by id.`,
    );
  return { name: resolved, receiver: transport, chosen: name !== undefined };
}
