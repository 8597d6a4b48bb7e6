/**
 * One `messenger consume … --format json` child process: reads its NDJSON stdout line by
 * line, feeds the state machine, and reports state changes and log lines to listeners.
 * The process starts in its own group (cli/processGroup.ts) and signals go to the group, so a
 * wrapper (`npx tsx …`) never survives with the real worker behind it. Stop is graceful
 * (SIGTERM: the worker finishes its current message); if the group is still there after a
 * grace period it is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { platformCommand } from '../cli/platformCommand';
import { groupOptions, hasExited, signalGroup } from '../cli/processGroup';
import { describeSpawnError } from '../cli/spawnErrors';
import { maskText } from '../masking/maskCredentials';
import type { LogLevel } from '../logging/logLevel';
import { describeWorkerEvent } from './describeWorkerEvent';
import { parseConsoleLogLine } from './consoleLogLine';
import { LineSplitter } from './ndjsonLines';
import { defaultWorkerEventAdapter, type WorkerEvent, type WorkerEventAdapter } from './workerEvents';
import { initialWorkerState, isLive, reduceWorker, type WorkerInput, type WorkerState } from './workerState';

export interface WorkerLogLine {
  readonly level: LogLevel;
  /** Already masked. */
  readonly text: string;
}

export interface WorkerProcessOptions {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly transports: readonly string[];
  readonly adapter?: WorkerEventAdapter;
  readonly now?: () => number;
  /** How long a stopping worker may take before it is killed (default 30 s, Symfony's supervisor default). */
  readonly killAfterMs?: number;
}

type Listener<T> = (value: T) => void;

export class WorkerProcess {
  private current: WorkerState;
  private child: ChildProcess | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private lastErrorLine: string | undefined;
  private readonly stateListeners = new Set<Listener<WorkerState>>();
  private readonly logListeners = new Set<Listener<WorkerLogLine>>();
  private readonly eventListeners = new Set<Listener<{ readonly event: WorkerEvent; readonly at: number }>>();
  private readonly now: () => number;

  constructor(private readonly options: WorkerProcessOptions) {
    this.now = options.now ?? Date.now;
    this.current = initialWorkerState(options.transports, this.now());
  }

  get state(): WorkerState {
    return this.current;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  onDidChangeState(listener: Listener<WorkerState>): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onLog(listener: Listener<WorkerLogLine>): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** Each event the worker printed, as it arrives (the throughput charts count them). */
  onEvent(listener: Listener<{ readonly event: WorkerEvent; readonly at: number }>): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  start(): void {
    if (this.child !== undefined) throw new Error('This worker was already started.');
    const { program, args, cwd } = this.options;
    const env = { ...process.env, ...this.options.env, NO_COLOR: '1' };
    const command = platformCommand(program, args, { platform: process.platform, env, cwd, exists: existsSync });
    const child = spawn(command.file, [...command.args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsVerbatimArguments: command.windowsVerbatimArguments,
      ...groupOptions(),
    });
    this.child = child;
    const out = new LineSplitter();
    const err = new LineSplitter();
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk).forEach((line) => this.stdoutLine(line)));
    child.stdout?.on('end', () => out.flush().forEach((line) => this.stdoutLine(line)));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk).forEach((line) => this.stderrLine(line)));
    child.stderr?.on('end', () => err.flush().forEach((line) => this.stderrLine(line)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const message = describeSpawnError(error, program, cwd);
      this.log('error', `Could not start the worker: ${message}`);
      this.apply({ type: 'spawn-failed', message: maskText(message), at: this.now() });
    });
    // 'close' rather than 'exit': stdout has been read to the end, so the last events count.
    child.on('close', (code, signal) => {
      clearTimeout(this.killTimer);
      this.apply({ type: 'exited', code, signal, at: this.now(), lastErrorLine: this.lastErrorLine });
    });
  }

  /** Graceful stop: SIGTERM to the group, then SIGKILL if the worker is still running after the grace period. */
  stop(): void {
    if (!isLive(this.current) || this.child === undefined) return;
    const child = this.child;
    this.apply({ type: 'stop-requested', at: this.now() });
    signalGroup(child, 'SIGTERM');
    clearTimeout(this.killTimer);
    this.killTimer = setTimeout(() => {
      this.log(
        'warn',
        `The worker did not stop within ${Math.round((this.options.killAfterMs ?? 30_000) / 1000)} s; killing it.`,
      );
      signalGroup(child, 'SIGKILL');
    }, this.options.killAfterMs ?? 30_000);
    this.killTimer.unref();
  }

  /** Ends the process group at once (SIGKILL): for when a graceful stop is not an option. */
  kill(): void {
    if (this.child !== undefined && !hasExited(this.child)) signalGroup(this.child, 'SIGKILL');
  }

  /** Marks the worker as stopping when something else asked it to stop (`messenger stop-workers`). */
  markStopping(): void {
    if (isLive(this.current)) this.apply({ type: 'stop-requested', at: this.now() });
  }

  private stdoutLine(line: string): void {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      this.log('info', line); // plain text from user code (console.log in a handler)
      return;
    }
    const event = (this.options.adapter ?? defaultWorkerEventAdapter)(record);
    if (event === undefined) {
      this.log('debug', line);
      return;
    }
    const described = describeWorkerEvent(event);
    if (described !== undefined) this.log(described.level, described.text);
    const at = this.now();
    this.apply({ type: 'event', event, at });
    for (const listener of this.eventListeners) listener({ event, at });
  }

  private stderrLine(line: string): void {
    if (line.trim() === '') return;
    const { level, text } = parseConsoleLogLine(line);
    if (level === 'error') this.lastErrorLine = maskText(text.trim());
    this.log(level, text);
  }

  private log(level: LogLevel, text: string): void {
    const masked = maskText(text);
    for (const listener of this.logListeners) listener({ level, text: masked });
  }

  private apply(input: WorkerInput): void {
    const next = reduceWorker(this.current, input);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.stateListeners) listener(next);
  }
}
