import { summarize } from '../failed/describeFailed.js';
import { failureTransport, listable } from '../failed/failureTransport.js';
import { fromApp } from './Completions.js';

/** Names the commands' arguments and options take, from the application's configuration. */
export const RECEIVERS = fromApp((messenger) => messenger.receiverNames());
export const TRANSPORTS = fromApp((messenger) => messenger.transportNames());
export const BUSES = fromApp((messenger) => messenger.busNames());
export const FAILURE_TRANSPORTS = fromApp((messenger) => messenger.failureTransportNames());

/** The ids of the first messages of the failure transport on the line (`--transport`), as Symfony suggests them. */
export const FAILED_MESSAGE_IDS = fromApp(async (messenger, options) => {
  const receiver = listable(failureTransport(messenger, options['transport']), 'listing messages');
  return (await receiver.all(50)).flatMap((envelope) => {
    const { id, class: name, error } = summarize(envelope, messenger.messageTypes);
    return id === null ? [] : [{ value: String(id), description: error === null ? name : `${name}: ${error}` }];
  });
});
