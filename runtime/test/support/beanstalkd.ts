/**
 * A beanstalkd of the test's own (Debian's package; test:setup installs it), on a free loopback
 * port: started with a deadline, stopped by stop().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartedBeanstalkd {
  readonly port: number;
  /** `beanstalkd://127.0.0.1:<port>` */
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** A port nothing listens on right now (the kernel's choice). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Starts beanstalkd (`args` added, e.g. `-z 1024`), on `port` (e.g. the one a stopped server
 * left: beanstalkd reuses the address) or a free one, and waits up to `timeoutMs` for it to
 * accept connections.
 */
export async function startBeanstalkd(
  args: readonly string[] = [],
  { port = 0, timeoutMs = 10_000 }: { port?: number; timeoutMs?: number } = {},
): Promise<StartedBeanstalkd> {
  if (port === 0) port = await freePort();
  const child = spawn('beanstalkd', ['-l', '127.0.0.1', '-p', String(port), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let failure: Error | undefined;
  child.on('error', (error) => (failure = error));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (failure !== undefined)
      throw new Error(`Could not start beanstalkd (is Debian's beanstalkd installed?): ${failure.message}`);
    if (child.exitCode !== null) throw new Error(`beanstalkd exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Timed out after ${timeoutMs} ms waiting for beanstalkd to listen on 127.0.0.1:${port}.`);
    }
    await sleep(20);
  }
  return { port, url: `beanstalkd://127.0.0.1:${port}`, process: child, stop };
}
