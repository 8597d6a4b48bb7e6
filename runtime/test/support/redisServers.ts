/**
 * Redis servers a test starts for itself on loopback ports: a small Redis Cluster (three
 * masters, `redis-server --cluster-enabled yes`) and a master watched by one `redis-sentinel`.
 * Each waits for its servers with a deadline, and stop() ends what it started.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

export interface StartedRedis {
  /** The DSN prefix, e.g. `redis://127.0.0.1:30001,redis://127.0.0.1:30002` (append `/stream`). */
  readonly dsn: string;
  stop(): Promise<void>;
}

/** Whether nothing listens on `port` (127.0.0.1) right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive free ports, and their cluster bus ports (+10,000) free too. Below the
 * kernel's ephemeral range (32768 and up), so no outgoing connection of another test holds one.
 */
async function freePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 10_000 + Math.floor(Math.random() * 3000) * 4;
    const ports = Array.from({ length: count }, (_, i) => base + i);
    const wanted = [...ports, ...ports.map((port) => port + 10_000)];
    if ((await Promise.all(wanted.map(isFree))).every(Boolean)) return ports;
  }
  throw new Error(`No ${count} free loopback ports found for test Redis servers.`);
}

/** A port for one server of the test's own. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}

function startServer(dir: string, args: readonly string[], binary = 'redis-server'): ChildProcess {
  const child = spawn(binary, [...args, '--dir', dir, '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('error', (error) => {
    throw new Error(`Could not start ${binary}: ${error.message}`);
  });
  return child;
}

/** Waits for `probe`; fails at once, naming it, when one of `children` has exited meanwhile. */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  children: readonly ChildProcess[],
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    const exited = children.find((child) => child.exitCode !== null || child.signalCode !== null);
    if (exited !== undefined) {
      throw new Error(
        `${exited.spawnargs.join(' ')} exited (${exited.exitCode ?? exited.signalCode}) while waiting for ${what}.`,
      );
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await sleep(100);
  }
}

async function ask(port: number, ...command: string[]): Promise<string> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return String(await client.call(command[0]!, ...command.slice(1)));
  } finally {
    client.disconnect();
  }
}

async function stopAll(children: readonly ChildProcess[], dir: string): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

/** One more redis-server of the test's own (to pause it with DEBUG SLEEP, or to give it TLS). */
export async function startStandalone(
  args: (port: number) => readonly string[] = () => [],
  chosenPort?: number,
): Promise<StartedRedis & { port: number }> {
  const port = chosenPort ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'messenger-redis-'));
  const children = [startServer(dir, ['--port', String(port), '--enable-debug-command', 'local', ...args(port)])];
  try {
    await waitFor(`redis-server on port ${port}`, async () => (await ask(port, 'PING')) === 'PONG', children);
  } catch (error) {
    await stopAll(children, dir);
    throw error;
  }
  return { dsn: `redis://127.0.0.1:${port}`, port, stop: () => stopAll(children, dir) };
}

export async function startCluster(): Promise<StartedRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-redis-cluster-'));
  const ports = await freePorts(3);
  const children = ports.map((port) =>
    startServer(dir, [
      '--port',
      String(port),
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      `nodes-${port}.conf`,
    ]),
  );
  try {
    for (const port of ports)
      await waitFor(`redis-server on port ${port}`, async () => (await ask(port, 'PING')) === 'PONG', children);
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await waitFor(
      'the cluster to be ok',
      async () =>
        ports.every(Boolean) &&
        (await Promise.all(ports.map((p) => ask(p, 'CLUSTER', 'INFO')))).every((info) =>
          info.includes('cluster_state:ok'),
        ),
      children,
    );
  } catch (error) {
    await stopAll(children, dir);
    throw error;
  }
  return {
    dsn: ports.map((port) => `redis://127.0.0.1:${port}`).join(','),
    stop: () => stopAll(children, dir),
  };
}

export async function startSentinel(master: string): Promise<StartedRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'messenger-redis-sentinel-'));
  const [masterPort, sentinelPort] = await freePorts(2);
  const children = [startServer(dir, ['--port', String(masterPort)])];
  const config = join(dir, 'sentinel.conf');
  writeFileSync(config, `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor ${master} 127.0.0.1 ${masterPort} 1\n`);
  children.push(spawn('redis-sentinel', [config], { stdio: ['ignore', 'ignore', 'inherit'] }));
  try {
    await waitFor(
      `redis-server on port ${masterPort}`,
      async () => (await ask(masterPort, 'PING')) === 'PONG',
      children,
    );
    await waitFor(
      `redis-sentinel on port ${sentinelPort} to know "${master}"`,
      async () => (await ask(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', master)).includes(String(masterPort)),
      children,
    );
  } catch (error) {
    await stopAll(children, dir);
    throw error;
  }
  return { dsn: `redis://127.0.0.1:${sentinelPort}`, stop: () => stopAll(children, dir) };
}
