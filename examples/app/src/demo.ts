/**
 * A tour of the runtime on the example app: commands, a query, events dispatched after the
 * current bus, a message routed to an async (in-memory) transport, and validation.
 */
import { handle, type InMemoryTransport, ReceivedStamp, SentStamp, ValidationFailedException } from '@messenger-ts/runtime';
import { RegisterUser } from './Message/Command/RegisterUser.js';
import { GetUserCount } from './Message/Query/GetUserCount.js';
import { SmsNotification } from './Message/SmsNotification.js';
import app from './messenger.js';

const messenger = await app;
const step = (title: string): void => console.log(`\n> ${title}`);

step('Dispatch RegisterUser on the command bus (handled synchronously; its event waits for the handler to succeed)');
await messenger.dispatch(new RegisterUser('ada@example.com', 'Ada Lovelace'));

step('Ask the query bus how many users exist (handle() returns the one handler\'s result)');
const count = await handle<number>(messenger.getBus('query.bus'), new GetUserCount());
console.log(`  ${count} user(s)`);

step('Dispatch an invalid command: the validation middleware stops it');
try {
  await messenger.dispatch(new RegisterUser('not-an-email', 'Nobody'));
} catch (error) {
  if (!(error instanceof ValidationFailedException)) throw error;
  console.log(`  ${error.message}`);
}

step('Dispatch SmsNotification: routed to the "async" transport, so it is sent, not handled');
const sent = await messenger.dispatch(new SmsNotification('Your order has shipped', '+33600000000'));
console.log(`  sent to: ${sent.all(SentStamp).map((s) => s.senderAlias).join(', ')}`);

step('Consume "async" (what `messenger consume async` does with a real transport)');
const async = messenger.getTransport('async') as InMemoryTransport;
for (const envelope of await async.get()) {
  await messenger.routableBus.dispatch(envelope.with(new ReceivedStamp('async')));
  await async.ack(envelope);
}
console.log(`  acknowledged: ${async.getAcknowledged().length}, still queued: ${await async.getMessageCount()}`);

await messenger.close();
