/** A minimal history router: the console has a handful of flat routes under /console/. */
import { useEffect, useState } from 'react';

export const BASE = '/console/';

function current(): string {
  const p = window.location.pathname;
  return p.startsWith(BASE) ? p.slice(BASE.length).replace(/\/+$/, '') : '';
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

export function navigate(route: string, opts: { replace?: boolean } = {}): void {
  const url = `${BASE}${route}${window.location.search}`;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  listeners.forEach((fn) => fn());
}

/** The route below /console/ (e.g. "admin/projects"). */
export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const fn = () => setRoute(current());
    listeners.add(fn);
    return () => { listeners.delete(fn); };
  }, []);
  return route;
}
