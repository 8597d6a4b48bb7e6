import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createMessenger,
  type CreateWorkerOptions,
  type Logger,
  type LogLevel,
  type Messenger,
  type MessengerOptions,
  WorkerRunningEvent,
  type Worker,
} from '../../src/index.js';
import type { TestDatabase } from './databases.js';
import { messengerYaml } from './tempProject.js';

let configs = 0;

/**
 * A messenger on the test database. `yaml` is the body of framework.messenger, where
 * `%dsn(queue)%` stands for a DSN on the database with that queue_name (and `%dsn(queue, k=v)%`
 * adds options).
 */
export async function messengerOn(
  db: TestDatabase,
  yaml: string,
  options: Omit<MessengerOptions, 'projectDir' | 'configFile'> = {},
): Promise<Messenger> {
  const text = yaml.replace(/%dsn\(([\w-]+)((?:,\s*[\w]+=[\w.]+)*)\)%/g, (_all, queue: string, rest: string) => {
    const extra = Object.fromEntries(
      rest
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => p.split('=') as [string, string]),
    );
    return `'${db.dsn({ queue_name: queue, ...extra })}'`;
  });
  const file = `config/test-${process.pid}-${configs++}.yaml`;
  mkdirSync(dirname(join(db.projectDir, file)), { recursive: true });
  writeFileSync(join(db.projectDir, file), messengerYaml(text));
  return createMessenger({ processEnv: {}, ...options, projectDir: db.projectDir, configFile: file });
}

/**
 * Runs a worker until `done()` holds after a message or on an idle loop. After `timeoutMs` the
 * worker is stopped (waking it if it sleeps) and the test fails, saying so.
 */
export async function consumeUntil(
  messenger: Messenger,
  options: CreateWorkerOptions & { sleep?: number; timeoutMs?: number },
  done: () => boolean,
  setup?: (worker: Worker) => void,
): Promise<Worker> {
  const worker = messenger.createWorker({ stopOnRestartSignal: false, ...options });
  setup?.(worker);
  const timeoutMs = options.timeoutMs ?? 20_000;
  let timedOut = false;
  worker.on(WorkerRunningEvent, (event) => {
    if (done()) event.worker.stop('done');
  });
  const timer = setTimeout(() => {
    timedOut = true;
    worker.stop('timeout');
  }, timeoutMs);
  try {
    await worker.run({ sleep: options.sleep ?? 50 });
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) throw new Error(`The worker did not get there within ${timeoutMs} ms.`);
  return worker;
}

/** A logger that keeps what it is told. */
export class MemoryLogger implements Logger {
  readonly records: Array<{ level: LogLevel; message: string; context: Readonly<Record<string, unknown>> }> = [];

  log(level: LogLevel, message: string, context: Readonly<Record<string, unknown>> = {}): void {
    this.records.push({ level, message, context });
  }
}
