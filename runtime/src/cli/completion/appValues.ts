import { FailedMessages } from '../../failed/FailedMessages.js';
import { fromApp } from './Completions.js';

/** Names the commands' arguments and options take, from the application's configuration. */
export const RECEIVERS = fromApp((messenger) => messenger.receiverNames());
export const TRANSPORTS = fromApp((messenger) => messenger.transportNames());
export const BUSES = fromApp((messenger) => messenger.busNames());
export const FAILURE_TRANSPORTS = fromApp((messenger) => messenger.failureTransportNames());

/** The ids of the first messages of the failure transport on the line (`--transport`), as Symfony suggests them. */
export const FAILED_MESSAGE_IDS = fromApp(async (messenger, options) => {
  const messages = await new FailedMessages(messenger, { transport: options['transport'] }).list({ max: 50 });
  return messages.flatMap(({ id, class: name, error }) =>
    id === null ? [] : [{ value: String(id), description: error === null ? name : `${name}: ${error}` }],
  );
});
