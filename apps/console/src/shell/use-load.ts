import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, localProblem } from '../api/problem';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  /** Takes data the caller already has (an action's answer) instead of loading it again. */
  set(data: T): void;
}

/**
 * Runs `load` now and whenever `deps` change or `reload()` is called; keeps the last data while
 * reloading. `keep` picks between the data held and data arriving (loaded or `set`): a load
 * that started before a `set` may answer after it with older data.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], keep: (held: T | undefined, next: T) => T = (_, next) => next): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const keepRef = useRef(keep);
  keepRef.current = keep;
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    load()
      .then((d) => {
        if (mine !== seq.current) return;
        setData((held) => keepRef.current(held, d));
        setError(null);
      })
      .catch((e: unknown) => {
        if (mine !== seq.current) return;
        setError(e instanceof ApiError ? e : new ApiError(0, localProblem(0, String(e))));
      })
      .finally(() => mine === seq.current && setLoading(false));
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const set = useCallback((d: T) => {
    setData((held) => keepRef.current(held, d));
    setError(null);
  }, []);
  return { data, error, loading, reload, set };
}
