import type { Messenger } from '../../app/Messenger.js';
import { InvalidArgumentException, RuntimeException } from '../../errors/MessengerException.js';
import { isListableReceiver, type ListableReceiver, type Transport } from '../../transport/Transport.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';

export interface FailureTransport {
  readonly name: string;
  readonly transport: Transport;
  /** Whether --transport was given (else the global failure transport is used). */
  readonly chosen: boolean;
}

/** The failure transport a `failed:*` command works on: `--transport`, else the global `failure_transport`. */
export function failureTransport(messenger: Messenger, option: string | undefined): FailureTransport {
  const names = messenger.failureTransportNames();
  const available = names.length === 0 ? 'none (configure failure_transport)' : `"${names.join('", "')}"`;
  const name = option ?? messenger.config.failureTransport ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined)
    throw new InvalidArgumentException(
      `No default failure transport is defined: pass --transport. Available failure transports are: ${available}.`,
    );
  if (!names.includes(name))
    throw new InvalidArgumentException(
      `The "${name}" failure transport was not found. Available failure transports are: ${available}.`,
    );
  return { name, transport: messenger.getTransport(name), chosen: option !== undefined };
}

export function listable(failure: FailureTransport, action: string): ListableReceiver {
  if (!isListableReceiver(failure.transport))
    throw new RuntimeException(`The "${failure.name}" receiver does not support ${action}.`);
  return failure.transport;
}

/** When several failure transports exist and none was chosen, says which one is shown (as Symfony does). */
export function warnAboutOtherFailureTransports(
  io: SymfonyStyle,
  messenger: Messenger,
  failure: FailureTransport,
): void {
  const names = messenger.failureTransportNames();
  if (failure.chosen || names.length <= 1) return;
  io.writeln(
    `> Loading messages from the ${io.style('comment', 'global')} failure transport ${io.style('comment', failure.name)}.`,
  );
  io.writeln(`> To use a different failure transport, pass ${io.style('comment', '--transport=')}.`);
  io.writeln(`> Available failure transports are: ${io.style('comment', names.join(', '))}`);
  io.newLine();
}

export function pendingMessages(io: SymfonyStyle, count: number): string {
  return count === 1
    ? `There is ${io.style('comment', '1')} message pending in the failure transport.`
    : `There are ${io.style('comment', String(count))} messages pending in the failure transport.`;
}
