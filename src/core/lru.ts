/**
 * A least-recently-used map bounded by the total weight of its values (bytes of source text, say), for the
 * scan's caches whose size would otherwise grow with the repository. `get` and `set` make an entry the most
 * recent; `set` evicts the least recent entries while the total weight is over the capacity (never the entry
 * just set, so a value heavier than the whole capacity is still usable until the next `set`). A weight may
 * be given later (`weigh`), when the value's size is known only once it has been computed.
 */
export class WeightedLru<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>();
  private total = 0;

  /** `onEvict` is told of every value `set` or `evictTo` pushes out (not of `delete` or `clear`). */
  constructor(
    readonly capacity: number,
    private readonly onEvict: (key: K, value: V) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Sum of the weights of the values held. */
  get weight(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, made the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without changing the order. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V, weight = 0): void {
    this.delete(key);
    this.entries.set(key, { value, weight });
    this.total += weight;
    this.evictTo(this.capacity, key);
  }

  /** Give (or change) the weight of the value under `key`, if it is still `value`; evicts to the capacity. */
  weigh(key: K, value: V, weight: number): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value) return;
    this.total += weight - entry.weight;
    entry.weight = weight;
    this.evictTo(this.capacity, key);
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.weight;
    return true;
  }

  /** Evict the least recently used values (all but `spare`) until the total weight is at most `limit`; returns them. */
  evictTo(limit: number, spare?: K): [K, V][] {
    const evicted: [K, V][] = [];
    for (const [key, entry] of this.entries) {
      if (this.total <= limit) break;
      if (key === spare) continue;
      this.entries.delete(key);
      this.total -= entry.weight;
      evicted.push([key, entry.value]);
      this.onEvict(key, entry.value);
    }
    return evicted;
  }

  /** Every key and value, least recently used first. */
  *[Symbol.iterator](): IterableIterator<[K, V]> {
    for (const [key, entry] of this.entries) yield [key, entry.value];
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
