/**
 * The workers started from the editor: several at once, each with an id, kept after they end
 * so the Workers view can show why they ended. stopAll() runs `messenger stop-workers`,
 * which also reaches workers started outside the editor, as Symfony's command does (the
 * command asks first, and offers to stop only these). What to
 * run comes from the one CLI factory (cli/cliTarget.ts), which refuses in a restricted
 * workspace: then start() and stopAll() throw its CliError and nothing runs.
 */
import { cliArguments } from '../cli/commandLine';
import type { CliTarget } from '../cli/cliTarget';
import { consumeArguments, type ConsumeOptions } from './consumeArguments';
import type { WorkerEvent } from './workerEvents';
import { WorkerProcess, type WorkerLogLine } from './WorkerProcess';
import { isLive, type WorkerState } from './workerState';

export interface ManagedWorker {
  readonly id: number;
  /** "async", "async + failed": what the Workers view and the output channel are named after. */
  readonly label: string;
  readonly options: ConsumeOptions;
  readonly process: WorkerProcess;
}

/** A worker's target: the CLI factory's, for the stop-workers runner, its invocation and where it runs. */
export type WorkerTarget = Pick<CliTarget, 'invocation' | 'cwd' | 'environment'> & {
  readonly runner: Pick<CliTarget['runner'], 'run'>;
};

export interface WorkerManagerListener {
  onDidChange?(worker: ManagedWorker, state: WorkerState): void;
  onLog?(worker: ManagedWorker, line: WorkerLogLine): void;
  /** Each event a worker printed, at the time it arrived. */
  onEvent?(worker: ManagedWorker, event: WorkerEvent, at: number): void;
  /** Workers were forgotten (clearEnded): what they owned (output channels) can go. */
  onDidChangeList?(forgotten: readonly ManagedWorker[]): void;
}

export class WorkerManager {
  private nextId = 1;
  private readonly workers = new Map<number, ManagedWorker>();
  private readonly listeners = new Set<WorkerManagerListener>();

  /** `target` is asked at each start, so a changed setting applies to the next worker; it throws (a CliError) when nothing may run. */
  constructor(private readonly target: () => WorkerTarget) {}

  subscribe(listener: WorkerManagerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): ManagedWorker[] {
    return [...this.workers.values()];
  }

  runningCount(): number {
    return this.list().filter((w) => isLive(w.process.state)).length;
  }

  start(consume: ConsumeOptions): ManagedWorker {
    const { invocation, cwd, environment } = this.target();
    const process = new WorkerProcess({
      program: invocation.program,
      args: cliArguments(invocation, consumeArguments(consume), environment),
      cwd,
      transports: consume.transports,
    });
    const worker: ManagedWorker = {
      id: this.nextId++,
      label: consume.transports.join(' + '),
      options: consume,
      process,
    };
    this.workers.set(worker.id, worker);
    process.onDidChangeState((state) => this.listeners.forEach((l) => l.onDidChange?.(worker, state)));
    process.onLog((line) => this.listeners.forEach((l) => l.onLog?.(worker, line)));
    process.onEvent(({ event, at }) => this.listeners.forEach((l) => l.onEvent?.(worker, event, at)));
    process.start();
    this.listeners.forEach((l) => l.onDidChange?.(worker, process.state));
    return worker;
  }

  stop(id: number): void {
    this.workers.get(id)?.process.stop();
  }

  /** `messenger stop-workers`: every worker stops after its current message. */
  async stopAll(): Promise<void> {
    const { runner, cwd, environment } = this.target();
    await runner.run(['stop-workers'], { cwd, environment });
    for (const worker of this.workers.values()) worker.process.markStopping();
  }

  /** Forgets the workers that ended (the "clear" action of the Workers view). */
  clearEnded(): void {
    const forgotten = this.list().filter((worker) => !isLive(worker.process.state));
    for (const worker of forgotten) this.workers.delete(worker.id);
    this.listeners.forEach((l) => l.onDidChangeList?.(forgotten));
  }

  /** On deactivation: SIGTERM to every live worker so none outlives the editor. */
  dispose(): void {
    for (const worker of this.workers.values()) worker.process.stop();
    this.listeners.clear();
  }
}
