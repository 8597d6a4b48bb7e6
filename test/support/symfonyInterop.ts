/**
 * The two sides of the Symfony interoperability tests (test/interop/): the PHP application
 * (test/interop/symfony/messenger.php, Symfony Messenger 5.4 on Debian's packages) and a
 * messenger-ts application exchanging App\Message\Greeting with it on one transport.
 * Shared so that every transport's interop test drives both sides the same way.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AsMessage,
  AsMessageHandler,
  createMessenger,
  type Messenger,
  WorkerRunningEvent,
} from '@messenger-ts/runtime';

const SCRIPT = new URL('../interop/symfony/messenger.php', import.meta.url).pathname;

/** The message both applications know, under Symfony's class name. */
@AsMessage({ type: 'App\\Message\\Greeting' })
export class Greeting {
  constructor(
    readonly text: string,
    readonly from: string | null = null,
  ) {}
}

/** A stream or exchange name no other test run uses (the brokers are shared). */
export function interopName(): string {
  return `interop_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs a command of the PHP application (`dispatch <dsn> <text> [delay ms]`); fails the test if it fails. */
export function php(...args: string[]): void {
  const result = spawnSync('php', [SCRIPT, ...args], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, `php ${args.join(' ')} failed: ${result.error?.message ?? ''}${result.stderr}`);
}

/** Runs Symfony's worker until it handled `count` messages; the JSON lines it printed. */
export async function symfonyWorker(
  dsn: string,
  count: number,
  timeoutMs = 30_000,
): Promise<Array<Record<string, unknown>>> {
  const child = spawn('php', [SCRIPT, 'consume', dsn, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  assert.equal(code, 0, `Symfony's worker did not handle ${count} messages within ${timeoutMs} ms: ${stdout}${stderr}`);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Our application: Greeting routed to the transport `transport` on `dsn`, each greeting handled pushed to `handled`. */
export async function greetingApp(transport: string, dsn: string, handled: Greeting[]): Promise<Messenger> {
  @AsMessageHandler(Greeting)
  class GreetingHandler {
    __invoke(greeting: Greeting): void {
      handled.push(greeting);
    }
  }
  const projectDir = mkdtempSync(join(tmpdir(), 'messenger-interop-'));
  mkdirSync(join(projectDir, 'config/packages'), { recursive: true });
  writeFileSync(
    join(projectDir, 'config/packages/messenger.yaml'),
    `framework:\n  messenger:\n    transports:\n      ${transport}: '${dsn}'\n    routing:\n      Greeting: ${transport}\n`,
  );
  return createMessenger({ projectDir, handlers: [GreetingHandler], processEnv: {} });
}

/** Runs our worker on `receiver` until `done()` holds; fails the test after `timeoutMs`. */
export async function consume(
  messenger: Messenger,
  receiver: string,
  done: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const worker = messenger.createWorker({ receivers: [receiver], stopOnRestartSignal: false });
  const deadline = Date.now() + timeoutMs;
  worker.on(WorkerRunningEvent, (event) => {
    if (done() || Date.now() > deadline) event.worker.stop();
  });
  await worker.run({ sleep: 50 });
  assert.ok(done(), `our worker did not get there within ${timeoutMs} ms`);
}
