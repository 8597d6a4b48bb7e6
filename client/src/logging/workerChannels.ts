/**
 * One output channel per worker ("Messenger Worker #2: async"). The channels are plain text
 * channels (in the `log` language, for its colours) and this class writes each line with its
 * time and level, as VS Code's log channels do: `messenger.logLevel` is then the only filter.
 * (A LogOutputChannel filters by its own level too, `info` by default, which silently dropped
 * the debug and trace lines that setting asked for.) The level is read when the setting
 * changes, not per line, and a worker's channel goes when the worker is forgotten.
 */
import type { WorkerManagerListener } from '../workers/WorkerManager';
import { type LogLevel, shouldLog } from './logLevel';

export interface LineChannel {
  appendLine(line: string): void;
  show(preserveFocus: boolean): void;
  dispose(): void;
}

export class WorkerChannels {
  private readonly channels = new Map<number, LineChannel>();

  constructor(
    private readonly create: (name: string) => LineChannel,
    private level: LogLevel,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  /** Follows the workers (`subscribe` is WorkerManager's); returns what stops following. */
  attach(subscribe: (listener: WorkerManagerListener) => () => void): () => void {
    return subscribe({
      onLog: (worker, line) => {
        if (shouldLog(line.level, this.level)) this.write(worker, line.level, line.text);
      },
      onDidChange: (worker, state) => {
        // Lines are masked where they are read (WorkerProcess, workerEvents); so is the exit reason.
        if (state.exit !== undefined)
          this.write(
            worker,
            'info',
            `Worker ${state.status}: ${state.exit.reason} (handled ${state.handled}, failed ${state.failed}).`,
          );
      },
      onDidChangeList: (forgotten) => {
        for (const worker of forgotten) {
          this.channels.get(worker.id)?.dispose();
          this.channels.delete(worker.id);
        }
      },
    });
  }

  /** Shows a worker's channel; false when that worker never had one. */
  show(workerId: number): boolean {
    const channel = this.channels.get(workerId);
    channel?.show(true);
    return channel !== undefined;
  }

  dispose(): void {
    this.channels.forEach((channel) => channel.dispose());
    this.channels.clear();
  }

  private write(worker: { readonly id: number; readonly label: string }, level: LogLevel, text: string): void {
    let channel = this.channels.get(worker.id);
    if (channel === undefined) {
      channel = this.create(`Messenger Worker #${worker.id}: ${worker.label}`);
      this.channels.set(worker.id, channel);
    }
    channel.appendLine(`${timestamp(this.now())} [${level}] ${text}`);
  }
}

/** `2026-11-22 07:14:02.123`, local time, as VS Code's own log lines. */
function timestamp(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
