/**
 * The messenger side of the transport benchmarks: a project whose `async` transport is `dsn`,
 * COUNT messages dispatched to it, then consumed by an in-process worker (no-op handler) that is
 * warmed up first on `warmupCount` messages, as a long-running worker would be.
 */
import { join } from 'node:path';
import { AsMessageHandler, createMessenger } from '@messenger-ts/runtime';
import { Ping } from './ping.js';
import { pingProject, timed } from './transportBench.js';

@AsMessageHandler(Ping)
class PingHandler {
  __invoke(_message: Ping): void {}
}

/** Seconds to dispatch `count` messages, and to consume them (at `fetchSize`, `consume --fetch-size`; 1 by default). */
export async function throughMessenger(
  dir: string,
  dsn: string,
  count: number,
  warmupCount: number,
  fetchSize = 1,
): Promise<{ dispatch: number; consume: number }> {
  const projectDir = pingProject(join(dir, `project-${Math.random().toString(36).slice(2)}`), { async: dsn });
  const messenger = await createMessenger({ projectDir, handlers: [PingHandler], messages: [Ping], processEnv: {} });
  for (let i = 0; i < warmupCount; i++) await messenger.dispatch(new Ping(i));
  await messenger
    .createWorker({ receivers: ['async'], limit: warmupCount, stopOnRestartSignal: false })
    .run({ sleep: 0 });
  const dispatch = await timed(async () => {
    for (let i = 0; i < count; i++) await messenger.dispatch(new Ping(i));
  });
  const worker = messenger.createWorker({ receivers: ['async'], limit: count, stopOnRestartSignal: false });
  const consume = await timed(() => worker.run({ sleep: 0, fetchSize }));
  await messenger.close();
  return { dispatch, consume };
}
