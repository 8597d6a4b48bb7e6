/**
 * `messenger consume` processes on one beanstalkd tube: three share the work, each message
 * handled once; a worker killed (SIGKILL) in the middle of a message loses nothing, since
 * beanstalkd gives its job back as soon as its connection closes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BeanstalkdTransport, createMessenger, Envelope } from '../../src/index.js';
import { type StartedBeanstalkd, startBeanstalkd } from '../support/beanstalkd.js';
import { until, within } from '../support/deadline.js';
import { messengerYaml, tempProject } from '../support/tempProject.js';
import { journal, startWorker, type WorkerProcess } from '../support/workerProcess.js';
import { Job } from '../fixtures/worker-app/src/messenger.js';

let tubes = 0;

describe('worker processes on Beanstalkd', () => {
  let server: StartedBeanstalkd;
  const workers: WorkerProcess[] = [];
  before(async () => {
    server = await startBeanstalkd();
  });
  after(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await server.stop();
  });
  const setUp = async (): Promise<{
    projectDir: string;
    dsn: string;
    transport: BeanstalkdTransport;
    close: () => Promise<void>;
  }> => {
    const projectDir = tempProject({
      'config/packages/messenger.yaml': messengerYaml(
        "transports:\n  async: '%env(MESSENGER_DSN)%'\nrouting:\n  Job: async",
      ),
    });
    const dsn = `${server.url}?tube_name=workers_${process.pid}_${++tubes}`;
    const messenger = await createMessenger({ projectDir, messages: [Job], processEnv: { MESSENGER_DSN: dsn } });
    return {
      projectDir,
      dsn,
      transport: messenger.getTransport('async') as BeanstalkdTransport,
      close: () => messenger.close(),
    };
  };
  const launch = (projectDir: string, dsn: string): WorkerProcess => {
    const worker = startWorker(projectDir, dsn, '--sleep', '0.05');
    workers.push(worker);
    return worker;
  };

  it('three workers share one tube: every message is handled once', async () => {
    const { projectDir, dsn, transport, close } = await setUp();
    const three = [1, 2, 3].map(() => launch(projectDir, dsn));
    for (let i = 0; i < 60; i++) await transport.send(Envelope.wrap(new Job(`job-${i}`, 10)));
    await until(
      () => journal(projectDir).filter((e) => e.event === 'done').length >= 60,
      'every job to be done',
      60_000,
    );
    for (const worker of three) worker.child.kill('SIGTERM');
    const exits = await within(Promise.all(three.map((w) => w.exited)), 30_000, 'the workers to stop on SIGTERM');
    assert.deepEqual(
      exits.map((e) => e.code),
      [0, 0, 0],
      three.map((w) => w.output()).join('\n'),
    );
    const starts = journal(projectDir).filter((e) => e.event === 'start');
    assert.equal(starts.length, 60, 'no job was started twice');
    assert.equal(new Set(starts.map((e) => e.id)).size, 60);
    assert.ok(new Set(starts.map((e) => e.pid)).size >= 2, 'the work was shared');
    assert.equal(await transport.getMessageCount(), 0);
    await close();
  });

  it('a worker killed (SIGKILL) in the middle of a message: its job goes back at once, another worker handles it', async () => {
    const { projectDir, dsn, transport, close } = await setUp();
    await transport.send(Envelope.wrap(new Job('interrupted', 60_000)));
    const doomed = launch(projectDir, dsn);
    await until(
      () => journal(projectDir).some((e) => e.event === 'start' && e.id === 'interrupted'),
      'the long job to start',
    );
    doomed.child.kill('SIGKILL');
    assert.equal((await within(doomed.exited, 30_000, 'the killed worker to exit')).signal, 'SIGKILL');
    await transport.send(Envelope.wrap(new Job('queued')));
    const rescuer = launch(projectDir, dsn);
    // Not after ttr (90 s by default): the server saw the connection close.
    await until(
      () =>
        journal(projectDir).some((e) => e.event === 'start' && e.id === 'interrupted' && e.pid === rescuer.child.pid),
      'the interrupted job to start again in the second worker',
      30_000,
    );
    rescuer.child.kill('SIGKILL');
    await within(rescuer.exited, 30_000, 'the second worker to exit');
    await close();
  });
});
