/** A value computed once per key (the `memo` of rule and project contexts): concurrent callers share one promise. */
export function memoTable(): <T>(key: string, compute: () => Promise<T>) => Promise<T> {
  const table = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let p = table.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      table.set(key, p);
    }
    return p;
  };
}
