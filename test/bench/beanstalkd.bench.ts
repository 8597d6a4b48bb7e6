/**
 * The worker consuming 10,000 messages (no-op handler) from the Beanstalkd transport (defaults:
 * timeout 0, ttr 90), next to a raw loop doing the same beanstalkd work through the same protocol
 * client in the same run: per message `reserve-with-timeout 0`, the JSON parse of the job, and
 * `delete`, each awaited; and `put` for sending. beanstalkd is started for the benchmark on a
 * free loopback port. Sides alternate; the best of ROUNDS rounds of each is kept.
 */
import { startBeanstalkd } from '../../runtime/test/support/beanstalkd.js';
import { BeanstalkdClient } from '../../runtime/src/transport/beanstalkd/BeanstalkdClient.js';
import { command, putCommand } from '../../runtime/src/transport/beanstalkd/protocol.js';
import { throughMessenger } from './support/consume.js';
import { ratio, report } from './support/measure.js';
import { bestPhasesOfRounds, rate, scratchDir, timed } from './support/transportBench.js';

const COUNT = 10_000;
const ROUNDS = 3;
const dir = scratchDir('beanstalkd');
const server = await startBeanstalkd();
const HEADERS = { type: 'Ping', 'Content-Type': 'application/json' };

async function raw(tube: string): Promise<{ dispatch: number; consume: number }> {
  const client = new BeanstalkdClient({
    host: '127.0.0.1',
    port: server.port,
    label: 'raw',
    greeting: [command('use', tube), command('watch', tube), command('ignore', 'default')],
  });
  const dispatch = await timed(async () => {
    for (let i = 0; i < COUNT; i++) {
      const payload = Buffer.from(JSON.stringify({ body: `{"n":${i}}`, headers: HEADERS }));
      await client.request(putCommand(payload, 1024, 0, 90));
    }
  });
  const consume = await timed(async () => {
    for (let handled = 0; handled < COUNT; handled++) {
      const reply = await client.request(command('reserve-with-timeout', 0));
      JSON.parse(reply.body!.toString());
      await client.request(command('delete', reply.words[1]!));
    }
  });
  await client.close();
  return { dispatch, consume };
}

const best = await bestPhasesOfRounds(ROUNDS, {
  raw: (round) => raw(`raw_${round}`),
  ours: (round) => throughMessenger(dir, `${server.url}?tube_name=messenger_${round}`, COUNT, 3_000),
});
await server.stop();
const worker = rate(
  `worker consume, Beanstalkd, no-op (${COUNT.toLocaleString('en-US')} messages)`,
  COUNT,
  best.ours.consume,
);
const rawConsume = rate('raw loop: reserve-with-timeout 0 + JSON + delete', COUNT, best.raw.consume);
const dispatch = rate('bus.dispatch to the Beanstalkd transport', COUNT, best.ours.dispatch);
const rawPut = rate('raw loop: put', COUNT, best.raw.dispatch);
report(
  'Worker on Beanstalkd',
  [worker, rawConsume, dispatch, rawPut],
  [ratio('worker / raw loop (consume)', worker, rawConsume), ratio('dispatch / raw put (send)', dispatch, rawPut)],
  `goal: worker >= 0.7 x raw loop; best of ${ROUNDS} rounds each`,
);
