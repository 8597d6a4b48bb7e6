/**
 * One `messenger stats --watch --format json` process, kept running while the views want live
 * counts and stopped (SIGTERM to its group, and its stdin closed) as soon as they do not. It
 * prints a document at once and one per change: whatever process changed the transports (an
 * outside dispatch, a worker in a terminal) is seen. A process that dies while wanted is started
 * again after a pause that grows (2 s, 4 s… 30 s) until one runs for a while.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { platformCommand } from '../cli/platformCommand';
import { groupOptions, signalGroup } from '../cli/processGroup';
import { describeSpawnError } from '../cli/spawnErrors';
import { maskText } from '../masking/maskCredentials';
import { LineSplitter } from '../workers/ndjsonLines';

export interface WatchCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

export interface StatsWatcherDeps {
  /** What to run; throws (a CliError) when nothing may run (restricted mode, no CLI). */
  readonly command: () => WatchCommand;
  /** Each document printed (parsed JSON). */
  readonly onStats: (json: unknown) => void;
  /** Why the watch stopped or could not start (already masked). */
  readonly onError: (message: string) => void;
  readonly firstRestartMs?: number;
  readonly maxRestartMs?: number;
}

/** A process that ran this long was healthy: the next restart waits the first pause again. */
const HEALTHY_MS = 60_000;

export class StatsWatcher {
  private child: ChildProcess | undefined;
  private wanted = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private pause: number;

  constructor(private readonly deps: StatsWatcherDeps) {
    this.pause = deps.firstRestartMs ?? 2000;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The process' id while it runs (the benchmark measures its CPU). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts watching, unless already. */
  start(): void {
    this.wanted = true;
    if (this.child === undefined && this.restartTimer === undefined) this.spawn();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    this.child = undefined;
    if (child !== undefined) {
      child.stdin?.end();
      signalGroup(child, 'SIGTERM');
    }
  }

  /** Starts a new process (what changed: the settings, the configuration). */
  restart(): void {
    const wanted = this.wanted;
    this.stop();
    if (wanted) this.start();
  }

  dispose(): void {
    this.stop();
  }

  private spawn(): void {
    let command: WatchCommand;
    try {
      command = this.deps.command();
    } catch (error) {
      this.wanted = false;
      this.deps.onError(maskText((error as Error).message));
      return;
    }
    const env = { ...process.env, NO_COLOR: '1' };
    const platform = platformCommand(command.program, command.args, {
      platform: process.platform,
      env,
      cwd: command.cwd,
      exists: existsSync,
    });
    const child = spawn(platform.file, [...platform.args], {
      cwd: command.cwd,
      env,
      // A pipe on stdin: the CLI ends when it closes, even if this process dies without a word.
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsVerbatimArguments: platform.windowsVerbatimArguments,
      ...groupOptions(),
    });
    this.child = child;
    const started = Date.now();
    const lines = new LineSplitter();
    let lastError = '';
    child.stdout?.on('data', (chunk: Buffer) => lines.push(chunk).forEach((line) => this.line(line)));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString().trim();
      if (text !== '') lastError = text.split('\n').at(-1) ?? text;
    });
    child.stdin?.on('error', () => {}); // the CLI may be gone already: nothing to tell it
    child.on('error', (error: NodeJS.ErrnoException) => {
      lastError = describeSpawnError(error, command.program, command.cwd);
    });
    child.on('close', (code, signal) => {
      if (this.child !== child) return; // stopped on purpose
      this.child = undefined;
      const why = lastError || `it exited (${signal ?? `code ${code ?? '?'}`})`;
      this.deps.onError(maskText(`live counts stopped: ${why}`));
      if (!this.wanted) return;
      this.pause = Date.now() - started > HEALTHY_MS ? (this.deps.firstRestartMs ?? 2000) : this.pause;
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        if (this.wanted) this.spawn();
      }, this.pause);
      this.pause = Math.min(this.pause * 2, this.deps.maxRestartMs ?? 30_000);
    });
  }

  private line(line: string): void {
    if (!line.startsWith('{')) return; // a handler's console.log while the application loads
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return;
    }
    const error = (json as { error?: { message?: unknown } }).error;
    if (error !== undefined && error !== null && typeof error === 'object')
      this.deps.onError(maskText(String(error.message ?? 'the CLI reported an error')));
    else this.deps.onStats(json);
  }
}
