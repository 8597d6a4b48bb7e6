/**
 * Our worker in several processes (support/redisWorker.ts, one per process) on a filled project,
 * as the Redis and AMQP benchmarks measure it: started, connected and warmed up before the clock
 * starts, then told "go" together and timed until each has drained the `async` transport.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { timed } from './transportBench.js';

const WORKER = new URL('redisWorker.ts', import.meta.url).pathname;

/**
 * Seconds from "go" until `workers` processes drained `async`, and how many messages they handled
 * together; `batch`: each worker's fetch size and concurrency (default 1 and 1, as Symfony's).
 */
export async function drainWithWorkerProcesses(
  projectDir: string,
  workers: number,
  batch: { fetchSize: number; concurrency: number } = { fetchSize: 1, concurrency: 1 },
): Promise<{ seconds: number; handled: number }> {
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++)
    children.push(
      spawn(
        process.execPath,
        [
          '--conditions=source',
          '--import',
          'tsx',
          WORKER,
          projectDir,
          `bench-${i}`,
          String(batch.fetchSize),
          String(batch.concurrency),
        ],
        {
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      ),
    );
  await Promise.all(children.map((child) => firstLine(child)));
  let handled = 0;
  const seconds = await timed(async () => {
    const done = children.map((child) => firstLine(child));
    for (const child of children) child.stdin!.write('go\n');
    handled = (await Promise.all(done)).reduce(
      (sum, line) => sum + (JSON.parse(line) as { handled: number }).handled,
      0,
    );
  });
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
  return { seconds, handled };
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}
