/** A dispatch in a list of dispatches in progress: the list's links live on the item itself. */
export interface InProgressItem<T> {
  older?: T | undefined;
  newer?: T | undefined;
  listed?: boolean;
}

/**
 * Dispatches in progress, oldest first, with the newest at hand. A dispatch joins and leaves it
 * once per dispatch: links on the item cost no hashing, which a Set of fresh objects pays on
 * every add and delete.
 */
export class DispatchesInProgress<T extends InProgressItem<T>> {
  private newestItem: T | undefined;

  add(item: T): void {
    item.older = this.newestItem;
    item.newer = undefined;
    item.listed = true;
    if (this.newestItem !== undefined) this.newestItem.newer = item;
    this.newestItem = item;
  }

  delete(item: T): void {
    if (item.listed !== true) return;
    item.listed = false;
    if (item.newer !== undefined) item.newer.older = item.older;
    else this.newestItem = item.older;
    if (item.older !== undefined) item.older.newer = item.newer;
    item.older = item.newer = undefined;
  }

  newest(): T | undefined {
    return this.newestItem;
  }
}
