/**
 * A value loaded on demand and kept for `ttlMs` — reference data read often and changed
 * rarely (org tree, routing rules, holiday notices). Concurrent callers share one load; a
 * failed load is not kept, so the next call tries again. Another instance's change shows
 * within `ttlMs`; this instance's own change is seen at once through `set` or `clear`.
 */
export class ExpiringLoad<T> {
  /** `at` is when the value arrived; undefined while its load is in flight (shared, never doubled). */
  private cached: { at: number | undefined; value: Promise<T> } | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(): Promise<T> {
    if (this.cached && (this.cached.at === undefined || this.clock() - this.cached.at < this.ttlMs)) return this.cached.value;
    const value = this.load();
    const entry: { at: number | undefined; value: Promise<T> } = { at: undefined, value };
    this.cached = entry;
    value.then(
      () => {
        entry.at = this.clock();
      },
      () => {
        if (this.cached === entry) this.cached = undefined;
      },
    );
    return value;
  }

  set(value: T): void {
    this.cached = { at: this.clock(), value: Promise.resolve(value) };
  }

  clear(): void {
    this.cached = undefined;
  }
}
