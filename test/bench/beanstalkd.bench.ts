/**
 * The worker consuming 10,000 messages (no-op handler) from the Beanstalkd transport (defaults:
 * timeout 0, ttr 90), next to a raw loop doing the same beanstalkd work through the same protocol
 * client in the same run: per message `reserve-with-timeout 0`, the JSON parse of the job, and
 * `delete`, each awaited; and `put` for sending. beanstalkd is started for the benchmark on a
 * free loopback port. Sides alternate; the best of ROUNDS rounds of each is kept.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBeanstalkd } from '../../runtime/test/support/beanstalkd.js';
import { BeanstalkdClient } from '../../runtime/src/transport/beanstalkd/BeanstalkdClient.js';
import { command, putCommand } from '../../runtime/src/transport/beanstalkd/protocol.js';
import { throughMessenger } from './support/consume.js';
import { type Measurement, ratio, report } from './support/measure.js';

const COUNT = 10_000;
const ROUNDS = 3;
const dir = join(tmpdir(), `bench-beanstalkd-${process.pid}`);
mkdirSync(dir, { recursive: true });
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const server = await startBeanstalkd();
const HEADERS = { type: 'Ping', 'Content-Type': 'application/json' };

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

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

const best = { raw: { dispatch: Infinity, consume: Infinity }, ours: { dispatch: Infinity, consume: Infinity } };
for (let round = 0; round < ROUNDS; round++) {
  const r = await raw(`raw_${round}`);
  const m = await throughMessenger(dir, `${server.url}?tube_name=messenger_${round}`, COUNT, 3_000);
  for (const [side, result] of [
    ['raw', r],
    ['ours', m],
  ] as const) {
    best[side].dispatch = Math.min(best[side].dispatch, result.dispatch);
    best[side].consume = Math.min(best[side].consume, result.consume);
  }
}
await server.stop();
const rate = (label: string, seconds: number): Measurement => ({ label, opsPerSecond: COUNT / seconds });
const worker = rate(`worker consume, Beanstalkd, no-op (${COUNT.toLocaleString('en-US')} messages)`, best.ours.consume);
const rawConsume = rate('raw loop: reserve-with-timeout 0 + JSON + delete', best.raw.consume);
const dispatch = rate('bus.dispatch to the Beanstalkd transport', best.ours.dispatch);
const rawPut = rate('raw loop: put', best.raw.dispatch);
report(
  'Worker on Beanstalkd',
  [worker, rawConsume, dispatch, rawPut],
  [ratio('worker / raw loop (consume)', worker, rawConsume), ratio('dispatch / raw put (send)', dispatch, rawPut)],
  `goal: worker >= 0.7 x raw loop; best of ${ROUNDS} rounds each`,
);
