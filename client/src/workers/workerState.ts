/**
 * The life of one worker as a pure state machine: inputs (events from its stdout, the user's
 * stop, the process exit) go in, a new state comes out. No process, no timer, no vscode:
 * the Workers view, the status bar and the tests all read the same state.
 *
 *   starting ──started──▶ running ◀──received── idle
 *       │                    │ └───────idle───────▶ │
 *       └──────── stop requested (any live state) ───┴──▶ stopping
 *   any ──exited──▶ stopped (asked to, limit reached, clean exit) | crashed (anything else)
 */
import type { WorkerError, WorkerEvent } from './workerEvents';

export type WorkerStatus = 'starting' | 'running' | 'idle' | 'stopping' | 'stopped' | 'crashed';

export interface WorkerExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** Why it ended, in words for the Workers view: "stopped by you", "time limit reached", "exit code 1: …". */
  readonly reason: string;
}

export interface WorkerState {
  readonly status: WorkerStatus;
  readonly transports: readonly string[];
  readonly spawnedAt: number;
  /** When the worker said it started consuming; uptime counts from here. */
  readonly runningSince?: number;
  readonly endedAt?: number;
  /**
   * Messages, not attempts (the runtime's counts converted by messageCounts()): received
   * (redeliveries included), handled, failed for good, and the retries apart.
   */
  readonly received: number;
  readonly handled: number;
  readonly failed: number;
  readonly retried: number;
  /** The process' resident set size at its last event (bytes), and `--memory-limit` (null without one). */
  readonly memoryBytes?: number;
  readonly memoryLimitBytes?: number | null;
  /** What the worker will stop on (`--limit=10`…), from its started event. */
  readonly stopsWhen: readonly string[];
  /** The message being handled right now, if any. */
  readonly current?: { readonly messageClass: string; readonly since: number };
  readonly lastError?: WorkerError;
  /** Why the worker could not run, as the CLI reported it (its JsonError). */
  readonly fatal?: WorkerError;
  /** The reason the worker gave for stopping (limit reached…), before its process exits. */
  readonly stopReason?: string;
  readonly stopRequested: boolean;
  readonly exit?: WorkerExit;
}

export type WorkerInput =
  | { readonly type: 'event'; readonly event: WorkerEvent; readonly at: number }
  | { readonly type: 'stop-requested'; readonly at: number }
  | {
      readonly type: 'exited';
      readonly code: number | null;
      readonly signal: string | null;
      readonly at: number;
      readonly lastErrorLine?: string;
    }
  | { readonly type: 'spawn-failed'; readonly message: string; readonly at: number };

export function initialWorkerState(transports: readonly string[], spawnedAt: number): WorkerState {
  return {
    status: 'starting',
    transports,
    spawnedAt,
    received: 0,
    handled: 0,
    failed: 0,
    retried: 0,
    stopsWhen: [],
    stopRequested: false,
  };
}

export function isLive(state: WorkerState): boolean {
  return state.status !== 'stopped' && state.status !== 'crashed';
}

export function reduceWorker(state: WorkerState, input: WorkerInput): WorkerState {
  if (!isLive(state)) return state; // a dead worker's state is final: late output changes nothing
  switch (input.type) {
    case 'event':
      return applyEvent(state, input.event, input.at);
    case 'stop-requested':
      return { ...state, status: 'stopping', stopRequested: true };
    case 'spawn-failed':
      return {
        ...state,
        status: 'crashed',
        endedAt: input.at,
        current: undefined,
        exit: { code: null, signal: null, reason: input.message },
      };
    case 'exited':
      return exited(state, input);
  }
}

function applyEvent(state: WorkerState, event: WorkerEvent, at: number): WorkerState {
  const next = withEvent(state, event, at);
  if (next === state) return next;
  // The worker counts for itself; its numbers win over ours (we may have missed a line).
  const counted = event.counts === undefined ? next : { ...next, ...event.counts };
  return event.memoryBytes === undefined ? counted : { ...counted, memoryBytes: event.memoryBytes };
}

function withEvent(state: WorkerState, event: WorkerEvent, at: number): WorkerState {
  const status = (wanted: WorkerStatus): WorkerStatus => (state.status === 'stopping' ? 'stopping' : wanted);
  switch (event.kind) {
    case 'started':
      return {
        ...state,
        status: status('running'),
        runningSince: state.runningSince ?? at,
        transports: event.transports.length ? event.transports : state.transports,
        stopsWhen: event.stopsWhen,
        memoryLimitBytes: event.memoryLimitBytes ?? state.memoryLimitBytes,
      };
    case 'received':
      return {
        ...state,
        status: status('running'),
        received: state.received + 1,
        current: { messageClass: event.messageClass, since: at },
      };
    case 'handled':
      return { ...state, handled: state.handled + 1, current: undefined };
    case 'failed':
      // A failure that will be retried is a retry, not a failed message.
      return {
        ...state,
        failed: state.failed + (event.willRetry ? 0 : 1),
        retried: state.retried + (event.willRetry ? 1 : 0),
        current: undefined,
        lastError: event.error,
      };
    case 'retried':
      return { ...state }; // counted with its failure; a new state, so the worker's counts apply
    case 'idle':
      return { ...state, status: status('idle'), runningSince: state.runningSince ?? at };
    case 'stopped':
      return { ...state, status: 'stopping', stopReason: event.reason ?? state.stopReason };
    case 'log':
      return state;
    case 'fatal':
      return { ...state, fatal: event.error };
  }
}

function exited(state: WorkerState, input: Extract<WorkerInput, { type: 'exited' }>): WorkerState {
  const { code, signal } = input;
  const asked =
    state.stopRequested && (code === 0 || signal === 'SIGTERM' || signal === 'SIGINT' || code === 143 || code === 130);
  const clean = code === 0;
  const reason = asked
    ? 'stopped by you'
    : clean
      ? (state.stopReason ?? 'exited normally')
      : signal !== null
        ? `killed by ${signal}`
        : `exit code ${code ?? '?'}${state.fatal ? `: ${state.fatal.message}` : input.lastErrorLine ? `: ${input.lastErrorLine}` : ''}`;
  return {
    ...state,
    status: asked || clean ? 'stopped' : 'crashed',
    endedAt: input.at,
    current: undefined,
    exit: { code, signal, reason },
  };
}

/** How long the worker has been consuming (or did consume, once it ended), in milliseconds. */
export function uptimeMs(state: WorkerState, now: number): number {
  const from = state.runningSince ?? state.spawnedAt;
  return Math.max(0, (state.endedAt ?? now) - from);
}
