import type { Messenger } from '../../app/Messenger.js';
import type { FailedMessages } from '../../failed/FailedMessages.js';
import type { SymfonyStyle } from '../console/SymfonyStyle.js';

/** When several failure transports exist and none was chosen (--transport), says which one is used, as Symfony does. */
export function warnAboutOtherFailureTransports(
  io: SymfonyStyle,
  messenger: Messenger,
  failed: FailedMessages,
  chosen: boolean,
): void {
  const names = messenger.failureTransportNames();
  if (chosen || names.length <= 1) return;
  io.writeln(
    `> Loading messages from the ${io.style('comment', 'global')} failure transport ${io.style('comment', failed.transportName)}.`,
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
