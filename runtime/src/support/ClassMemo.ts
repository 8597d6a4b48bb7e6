/**
 * What is computed once per class (a message's routes, handlers, parent types), kept weakly. The
 * class asked last is kept at hand as well: a bus or a worker mostly sees one class many times in
 * a row, and comparing it costs no hashing, which a WeakMap lookup pays on every dispatch.
 */
export class ClassMemo<C extends object, V> {
  private readonly byClass = new WeakMap<C, V>();
  private lastClass: C | undefined;
  private lastValue: V | undefined;

  constructor(private readonly compute: (type: C) => V) {}

  get(type: C): V {
    // Small enough for V8 to inline into every caller; the rest is in miss().
    return type === this.lastClass ? (this.lastValue as V) : this.miss(type);
  }

  private miss(type: C): V {
    let value = this.byClass.get(type);
    if (value === undefined) {
      value = this.compute(type);
      this.byClass.set(type, value);
    }
    this.lastClass = type;
    this.lastValue = value;
    return value;
  }
}
