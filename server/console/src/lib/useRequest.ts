/** Loads data for a screen and reloads it on demand (after a change, so no page reload is ever needed). */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface RequestState<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload: () => Promise<void>;
}

export function useRequest<T>(
  fn: () => Promise<T>,
  deps: readonly unknown[],
  opts: { skip?: boolean } = {},
): RequestState<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(!opts.skip);
  const [error, setError] = useState<unknown>();
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const result = await fnRef.current();
      if (mine === seq.current) {
        setData(result);
        setError(undefined);
      }
    } catch (err) {
      if (mine === seq.current) setError(err);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (opts.skip) {
      setLoading(false);
      return;
    }
    void reload();
  }, [...deps, opts.skip]);

  return { data, loading, error, reload };
}
