/**
 * The workers started from the editor: several at once, each with an id, kept after they end
 * so the Workers view can show why they ended. "Stop all" runs `messenger stop-workers`,
 * which also reaches workers started outside the editor, as Symfony's command does.
 */
import { cliArguments, type CliInvocation } from '../cli/commandLine';
import type { CliRunner } from '../cli/CliRunner';
import { consumeArguments, type ConsumeOptions } from './consumeArguments';
import { WorkerProcess, type WorkerLogLine, type WorkerProcessOptions } from './WorkerProcess';
import { isLive, type WorkerState } from './workerState';

export interface ManagedWorker {
  readonly id: number;
  /** "async", "async + failed": what the Workers view and the output channel are named after. */
  readonly label: string;
  readonly options: ConsumeOptions;
  readonly process: WorkerProcess;
}

export interface WorkerManagerOptions {
  readonly invocation: CliInvocation;
  readonly cwd: string;
  readonly environment?: string;
  readonly cli: Pick<CliRunner, 'run'>;
  /** Extra process options (tests inject spawn and a clock). */
  readonly processOptions?: Partial<Omit<WorkerProcessOptions, 'program' | 'args' | 'cwd' | 'transports'>>;
}

export interface WorkerManagerListener {
  onDidChange?(worker: ManagedWorker, state: WorkerState): void;
  onLog?(worker: ManagedWorker, line: WorkerLogLine): void;
  /** Workers were forgotten (clearEnded). */
  onDidChangeList?(): void;
}

export class WorkerManager {
  private nextId = 1;
  private readonly workers = new Map<number, ManagedWorker>();
  private readonly listeners = new Set<WorkerManagerListener>();

  /** `options` is read at each start, so a changed setting applies to the next worker. */
  constructor(private readonly options: () => WorkerManagerOptions) {}

  subscribe(listener: WorkerManagerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  list(): ManagedWorker[] {
    return [...this.workers.values()];
  }

  get(id: number): ManagedWorker | undefined {
    return this.workers.get(id);
  }

  runningCount(): number {
    return this.list().filter((w) => isLive(w.process.state)).length;
  }

  start(consume: ConsumeOptions): ManagedWorker {
    const { invocation, cwd, environment, processOptions } = this.options();
    const process = new WorkerProcess({
      ...processOptions,
      program: invocation.program,
      args: cliArguments(invocation, consumeArguments(consume), environment),
      cwd,
      transports: consume.transports,
    });
    const worker: ManagedWorker = { id: this.nextId++, label: consume.transports.join(' + '), options: consume, process };
    this.workers.set(worker.id, worker);
    process.onDidChangeState((state) => this.listeners.forEach((l) => l.onDidChange?.(worker, state)));
    process.onLog((line) => this.listeners.forEach((l) => l.onLog?.(worker, line)));
    process.start();
    this.listeners.forEach((l) => l.onDidChange?.(worker, process.state));
    return worker;
  }

  stop(id: number): void {
    this.workers.get(id)?.process.stop();
  }

  /** `messenger stop-workers`: every worker stops after its current message. */
  async stopAll(): Promise<void> {
    const { cli, cwd, environment } = this.options();
    await cli.run(['stop-workers'], { cwd, environment });
    for (const worker of this.workers.values()) worker.process.markStopping();
  }

  /** Forgets the workers that ended (the "clear" action of the Workers view). */
  clearEnded(): void {
    for (const [id, worker] of this.workers) if (!isLive(worker.process.state)) this.workers.delete(id);
    this.listeners.forEach((l) => l.onDidChangeList?.());
  }

  /** On deactivation: SIGTERM to every live worker so none outlives the editor. */
  dispose(): void {
    for (const worker of this.workers.values()) worker.process.stop();
    this.listeners.clear();
  }
}
