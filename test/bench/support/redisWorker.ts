/**
 * One worker process of the Redis and AMQP benchmarks: builds a messenger on the project (argv: project
 * directory, consumer name, and optionally --fetch-size and --concurrency as numbers), warms up on the `warmup` transport (its share of a few thousand
 * messages, so the JIT has compiled the hot path, as in a long-running worker), says "ready",
 * waits for "go" on stdin, consumes `async` until it is drained (the first idle loop), then prints
 * how many messages it handled.
 */
import { AsMessageHandler, createMessenger, isSetupableTransport, WorkerRunningEvent } from '@messenger-ts/runtime';
import { Ping } from './ping.js';

const [projectDir, consumer, fetchSize = '1', concurrency = '1'] = process.argv.slice(2);
let handled = 0;

@AsMessageHandler(Ping)
class PingHandler {
  __invoke(_message: Ping): void {
    handled++;
  }
}

const messenger = await createMessenger({
  projectDir: projectDir!,
  handlers: [PingHandler],
  processEnv: { MESSENGER_CONSUMER_NAME: consumer! },
});
const untilIdle = (receiver: string) => {
  const worker = messenger.createWorker({ receivers: [receiver], stopOnRestartSignal: false });
  worker.on(WorkerRunningEvent, (event) => {
    if (event.isWorkerIdle) event.worker.stop();
  });
  return worker.run({ sleep: 0, fetchSize: Number(fetchSize), concurrency: Number(concurrency) });
};
await untilIdle('warmup');
handled = 0;
// Connect and set up the stream before the clock starts.
const transport = messenger.getTransport('async');
if (isSetupableTransport(transport)) await transport.setup();
process.stdout.write('ready\n');
process.stdin.once('data', async () => {
  await untilIdle('async');
  process.stdout.write(`${JSON.stringify({ handled })}\n`);
  await messenger.close();
  process.exit(0);
});
