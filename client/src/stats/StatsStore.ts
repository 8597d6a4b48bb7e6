/**
 * Queued messages per transport, from `messenger stats --format json`. That command loads the
 * application (user code), so it only ever runs in a trusted workspace; in restricted mode the
 * state says so and the map explains why it shows no counts. While a view is visible the counts
 * are pushed by `messenger stats --watch` (StatsWatcher → push()); refresh() asks once.
 */
import { Listeners } from '../async/Listeners';
import { SerialTask } from '../async/SerialTask';
import { parseStats, type TransportCounts } from './parseStats';

export type StatsState =
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'loading'; readonly last?: TransportCounts }
  | { readonly kind: 'ready'; readonly counts: TransportCounts; readonly at: number }
  | { readonly kind: 'failed'; readonly error: string; readonly last?: TransportCounts };

/** The last counts a state knows, even while a refresh runs or after one failed. */
export function countsOf(state: StatsState): TransportCounts | undefined {
  return state.kind === 'ready'
    ? state.counts
    : state.kind === 'loading' || state.kind === 'failed'
      ? state.last
      : undefined;
}

export interface StatsStoreOptions {
  /** Runs `messenger <command> --format json` and returns its JSON. */
  readonly run: (command: readonly string[]) => Promise<unknown>;
  readonly trusted: () => boolean;
  readonly now?: () => number;
}

export class StatsStore {
  private current: StatsState;
  private readonly changes = new Listeners<StatsState>();
  private readonly task = new SerialTask(() => this.load());

  constructor(private readonly options: StatsStoreOptions) {
    this.current = options.trusted() ? { kind: 'unknown' } : { kind: 'untrusted' };
  }

  get state(): StatsState {
    return this.current;
  }

  /** The last counts known, even while a refresh runs or after one failed. */
  get counts(): TransportCounts | undefined {
    return countsOf(this.current);
  }

  onDidChange(listener: (state: StatsState) => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** A document of `stats --watch`: the counts now. A document that does not parse is reported as a failure. */
  push(json: unknown): void {
    try {
      this.set({ kind: 'ready', counts: parseStats(json), at: (this.options.now ?? Date.now)() });
    } catch (error) {
      this.pushError(error instanceof Error ? error.message : String(error));
    }
  }

  /** The watch stopped or failed: say why, keep the last counts. */
  pushError(error: string): void {
    this.set({ kind: 'failed', error, last: this.counts });
  }

  refresh(): Promise<void> {
    if (!this.options.trusted()) {
      this.set({ kind: 'untrusted' });
      return Promise.resolve();
    }
    return this.task.request();
  }

  dispose(): void {
    this.changes.clear();
  }

  private async load(): Promise<void> {
    const last = this.counts;
    this.set({ kind: 'loading', last });
    try {
      const counts = parseStats(await this.options.run(['stats']));
      this.set({ kind: 'ready', counts, at: (this.options.now ?? Date.now)() });
    } catch (error) {
      this.set({ kind: 'failed', error: error instanceof Error ? error.message : String(error), last });
    }
  }

  private set(state: StatsState): void {
    this.current = state;
    this.changes.fire(state);
  }
}
