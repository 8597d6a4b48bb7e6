/**
 * `npm start`: the guide's whole story with no broker. Messages routed to "async" go to an
 * embedded SQLite file (var/messenger.db); the SMS gateway is down, so the worker retries the
 * SMS (1 s, then 2 s) and then parks it in the "failed" transport; once the gateway is back,
 * `messenger failed:retry` sends it. Every `messenger …` step runs the real CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handle, SentStamp, ValidationFailedException } from '@messenger-ts/runtime';
import { RegisterUser } from './Message/Command/RegisterUser.js';
import { GetUserCount } from './Message/Query/GetUserCount.js';
import { SmsNotification } from './Message/SmsNotification.js';
import { SmsGateway } from './Service/SmsGateway.js';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@messenger-ts/runtime/package.json')),
  'bin',
  'messenger.js',
);
const bold = (text: string): string => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[22m` : text);
const step = (title: string): void => console.log(`\n${bold(`> ${title}`)}`);
const messengerCommand = (...args: string[]): void => {
  step(`messenger ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: projectDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`messenger ${args.join(' ')} exited with ${result.status ?? result.signal}`);
};

// A fresh start: no queued messages, and the SMS gateway is down.
rmSync(join(projectDir, 'var'), { recursive: true, force: true });

const { default: app } = await import('./messenger.js');
const messenger = await app;

step('Dispatch RegisterUser on the command bus (handled synchronously; its event waits for the handler to succeed)');
await messenger.dispatch(new RegisterUser('ada@example.com', 'Ada Lovelace'));

step("Ask the query bus how many users exist (handle() returns the one handler's result)");
console.log(`  ${await handle<number>(messenger.getBus('query.bus'), new GetUserCount())} user(s)`);

step('Dispatch an invalid command: the validation middleware stops it');
try {
  await messenger.dispatch(new RegisterUser('not-an-email', 'Nobody'));
} catch (error) {
  if (!(error instanceof ValidationFailedException)) throw error;
  console.log(`  ${error.message}`);
}

step('Dispatch SmsNotification: routed to the "async" transport (var/messenger.db), so it is stored, not handled');
const sent = await messenger.dispatch(new SmsNotification('Your order has shipped', '+33600000000'));
console.log(
  `  sent to: ${sent
    .all(SentStamp)
    .map((s) => s.senderAlias)
    .join(', ')}`,
);
await messenger.close();

// The gateway is down: 1 attempt + 2 retries (after 1 s, then 2 s), then the failure transport.
messengerCommand('consume', 'async', '--limit', '3', '-vv');
messengerCommand('failed:show');

step('The SMS gateway is back up');
mkdirSync(dirname(SmsGateway.upFlag(projectDir)), { recursive: true });
writeFileSync(SmsGateway.upFlag(projectDir), '');

messengerCommand('failed:retry', '--force');
messengerCommand('stats');
messengerCommand('debug');
