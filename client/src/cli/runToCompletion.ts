/**
 * Runs one CLI process to its end and collects what it printed: the process starts in its own
 * group (processGroup.ts), so a timeout stops the real CLI and not only a wrapper around it
 * (SIGTERM to the group, SIGKILL after a grace period). Spawn failures reject with Node's
 * error (its `code` says why); everything else resolves, and the caller reads the exit code.
 */
import { spawn } from 'node:child_process';
import { groupOptions, signalGroup } from './processGroup';
import type { PlatformCommand } from './platformCommand';

export interface CompletedProcess {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** It ran past its time limit and was stopped. */
  readonly timedOut: boolean;
  /** It printed more than the limit and was stopped. */
  readonly overflowed: boolean;
}

export interface RunLimits {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** 0: no time limit. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Between SIGTERM and SIGKILL once the time limit is reached. */
  readonly graceMs?: number;
}

export function runToCompletion(command: PlatformCommand, limits: RunLimits): Promise<CompletedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, [...command.args], {
      cwd: limits.cwd,
      env: limits.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsVerbatimArguments: command.windowsVerbatimArguments,
      ...groupOptions(),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let timedOut = false;
    let overflowed = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      signalGroup(child, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), limits.graceMs ?? 5000);
    };
    const collect =
      (into: Buffer[]) =>
      (chunk: Buffer): void => {
        bytes += chunk.length;
        if (bytes > limits.maxBytes) {
          if (!overflowed) stop();
          overflowed = true;
          return;
        }
        into.push(chunk);
      };
    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    const timer =
      limits.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            stop();
          }, limits.timeoutMs)
        : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      // What a wrapper started (the real CLI) must not outlive a stop we asked for.
      if (timedOut || overflowed) signalGroup(child, 'SIGKILL');
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
        timedOut,
        overflowed,
      });
    });
  });
}
