/**
 * The failed messages of each failure transport, as the Failed Messages view shows them:
 * the count, a page of the list (`failed:show --max`, grown by a page on "Load more…"), an
 * optional class filter, and, when grouped by class, the `--stats` counts with a page per
 * class loaded when its group is opened. A list of 10,000 is never loaded at once.
 * Everything runs the CLI (user code): only in a trusted workspace.
 */
import { Listeners } from '../async/Listeners';
import { SerialTask } from '../async/SerialTask';
import { type ListQuery, listArgs, statsArgs } from './failedCliArgs';
import { type FailedSummary, parseFailedList, parseFailedStats } from './failedJson';

const PAGE_SIZE = 100;

export interface FailedPage {
  readonly messages: readonly FailedSummary[];
  /** The `--max` asked: more may exist when `messages.length === max`. */
  readonly max: number;
  readonly loading: boolean;
  readonly loaded: boolean;
  readonly error?: string;
}

export interface FailureTransportState {
  readonly name: string;
  /** Every message of the transport (unfiltered), when the transport can count. */
  readonly count: number | null;
  /** The class filter. */
  readonly filter: string | undefined;
  /** The search, the last hour only, newest first (the view's title actions). */
  readonly query: ListQuery;
  /** How many messages match the class filter and the query, all of them (null without a filter). */
  readonly matching: number | null;
  /** The list (filtered by `filter` and `query`). */
  readonly list: FailedPage;
  /** `failed:show --stats`, loaded when the view groups by class. */
  readonly stats: ReadonlyArray<{ readonly class: string; readonly count: number }> | undefined;
  /** A page per class group that was opened. */
  readonly groups: ReadonlyMap<string, FailedPage>;
  readonly error?: string;
}

export interface FailedStoreOptions {
  readonly run: (command: readonly string[]) => Promise<unknown>;
  readonly trusted: () => boolean;
  readonly pageSize?: number;
}

const EMPTY_PAGE: FailedPage = { messages: [], max: 0, loading: false, loaded: false };

export class FailedStore {
  private readonly states = new Map<string, FailureTransportState>();
  private readonly tokens = new Map<string, number>();
  private groupByClass = false;
  private readonly changes = new Listeners();
  private readonly refreshAll = new SerialTask(() => this.reload());

  constructor(private readonly options: FailedStoreOptions) {}

  get pageSize(): number {
    return this.options.pageSize ?? PAGE_SIZE;
  }

  get transports(): readonly FailureTransportState[] {
    return [...this.states.values()];
  }

  get grouped(): boolean {
    return this.groupByClass;
  }

  get(name: string): FailureTransportState | undefined {
    return this.states.get(name);
  }

  /** Failed messages across the failure transports; undefined until every count is known. */
  total(): number | undefined {
    const counts = this.transports.map((t) => t.count);
    return counts.length === 0 || counts.some((c) => c === null)
      ? undefined
      : counts.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  }

  onDidChange(listener: () => void): () => void {
    return this.changes.subscribe(listener);
  }

  /** The failure transports of the model; returns whether the set changed (then refresh). */
  setTransports(names: readonly string[]): boolean {
    const wanted = new Set(names);
    let changed = false;
    for (const name of this.states.keys()) if (!wanted.has(name)) changed = this.states.delete(name) || changed;
    for (const name of names) {
      if (this.states.has(name)) continue;
      this.states.set(name, {
        name,
        count: null,
        filter: undefined,
        query: {},
        matching: null,
        list: EMPTY_PAGE,
        stats: undefined,
        groups: new Map(),
      });
      changed = true;
    }
    if (changed) this.changes.fire();
    return changed;
  }

  /** Reloads every transport (what is shown stays until the new answer arrives). */
  refresh(): Promise<void> {
    return this.options.trusted() ? this.refreshAll.request() : Promise.resolve();
  }

  setGrouped(grouped: boolean): Promise<void> {
    this.groupByClass = grouped;
    this.changes.fire();
    return this.refresh();
  }

  setFilter(name: string, className: string | undefined): Promise<void> {
    const state = this.states.get(name);
    if (state === undefined) return Promise.resolve();
    this.update(name, { filter: className, list: { ...EMPTY_PAGE, loading: true } });
    return this.loadPage(name, undefined, this.pageSize);
  }

  /** Changes the search, the last-hour filter or the order of every failure transport's list, and reloads it. */
  setQuery(change: Partial<ListQuery>): Promise<void> {
    return Promise.all(
      this.transports.map((state) => {
        this.update(state.name, { query: { ...state.query, ...change }, list: { ...EMPTY_PAGE, loading: true } });
        return this.loadPage(state.name, undefined, this.pageSize);
      }),
    ).then(() => undefined);
  }

  /** The query the lists share (set for every transport at once). */
  get query(): ListQuery {
    return this.transports[0]?.query ?? {};
  }

  /**
   * Messages a retry or a removal took out of a transport (its JSON said so): gone from the
   * rows and the counts at once, before the reload that confirms it.
   */
  forget(name: string, ids: readonly string[]): void {
    const state = this.states.get(name);
    if (state === undefined || ids.length === 0) return;
    const gone = new Set(ids);
    const without = (page: FailedPage): { page: FailedPage; removed: number } => {
      const messages = page.messages.filter((m) => m.id === null || !gone.has(m.id));
      return { page: { ...page, messages }, removed: page.messages.length - messages.length };
    };
    const list = without(state.list);
    const groups = new Map([...state.groups].map(([cls, page]) => [cls, without(page).page]));
    const removed = Math.max(list.removed, ids.length);
    this.update(name, {
      list: list.page,
      groups,
      count: state.count === null ? null : Math.max(0, state.count - removed),
      matching: state.matching === null ? null : Math.max(0, state.matching - list.removed),
      stats: state.stats,
    });
  }

  /** One more page of the list, or of a class group. */
  loadMore(name: string, className?: string): Promise<void> {
    const page = this.page(name, className);
    return this.loadPage(name, className, Math.max(page?.max ?? 0, page?.messages.length ?? 0) + this.pageSize);
  }

  /** Loads a class group's first page if it was never loaded (the view opens the group). */
  openGroup(name: string, className: string): Promise<void> {
    const page = this.page(name, className);
    return page?.loaded || page?.loading ? Promise.resolve() : this.loadPage(name, className, this.pageSize);
  }

  page(name: string, className?: string): FailedPage | undefined {
    const state = this.states.get(name);
    return className === undefined ? state?.list : state?.groups.get(className);
  }

  dispose(): void {
    this.changes.clear();
  }

  private async reload(): Promise<void> {
    await Promise.all(
      this.transports.map(async (state) => {
        const work: Array<Promise<void>> = [
          this.loadPage(state.name, undefined, Math.max(state.list.max, this.pageSize)),
        ];
        if (this.groupByClass) {
          work.push(this.loadStats(state.name));
          for (const [className, page] of state.groups)
            work.push(this.loadPage(state.name, className, Math.max(page.max, this.pageSize)));
        }
        await Promise.all(work);
      }),
    );
  }

  private async loadStats(name: string): Promise<void> {
    try {
      const stats = parseFailedStats(await this.options.run(statsArgs(name)));
      this.update(name, {
        stats: [...stats.stats].sort((a, b) => b.count - a.count || a.class.localeCompare(b.class)),
        count: stats.count,
        error: undefined,
      });
    } catch (error) {
      this.update(name, { error: message(error) });
    }
  }

  /** Loads a page; an answer that a later load of the same page overtook is dropped. */
  private async loadPage(name: string, className: string | undefined, max: number): Promise<void> {
    const key = `${name}\0${className ?? ''}`;
    const token = (this.tokens.get(key) ?? 0) + 1;
    this.tokens.set(key, token);
    this.setPage(name, className, { ...(this.page(name, className) ?? EMPTY_PAGE), loading: true });
    const state = this.states.get(name);
    const filter = className ?? state?.filter;
    // Groups list a class as it is; the query applies to the flat list.
    const query = className === undefined ? (state?.query ?? {}) : {};
    try {
      const list = parseFailedList(await this.options.run(listArgs(name, max, filter, query)));
      if (this.tokens.get(key) !== token) return;
      this.setPage(name, className, { messages: list.messages, max, loading: false, loaded: true });
      this.update(name, {
        count: list.count,
        error: undefined,
        ...(className === undefined ? { matching: list.matching } : {}),
      });
    } catch (error) {
      if (this.tokens.get(key) !== token) return;
      this.setPage(name, className, {
        ...(this.page(name, className) ?? EMPTY_PAGE),
        loading: false,
        error: message(error),
      });
    }
  }

  private setPage(name: string, className: string | undefined, page: FailedPage): void {
    const state = this.states.get(name);
    if (state === undefined) return;
    if (className === undefined) this.update(name, { list: page });
    else this.update(name, { groups: new Map(state.groups).set(className, page) });
  }

  private update(name: string, change: Partial<FailureTransportState>): void {
    const state = this.states.get(name);
    if (state === undefined) return;
    this.states.set(name, { ...state, ...change });
    this.changes.fire();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
