/**
 * A minimal history router: the console has a handful of flat routes under /console/ — the module and, in 业务 ·
 * 项目流程, the tab (`business/<tab>`).
 *
 * The query string: `corpId` (DingTalk 免登, see dingtalk.ts) stays on the address for the whole visit, and so does
 * the tree's pick (`projectId` or `orgId`, see Shell.tsx): F5 keeps the project and tab, the address can be shared,
 * back / forward walk through the picks and tabs. Any other parameter belongs to the route it came with (e.g.
 * `business/review?reviewId=12` from a DingTalk todo) and is dropped by the next navigation unless that navigation
 * passes it again.
 */
import { useEffect, useState } from 'react';

export const BASE = '/console/';

/** Query parameters kept across navigation: DingTalk's corpId and the tree's pick. */
const STICKY = ['corpId', 'corpid', 'projectId', 'orgId'];

function current(): string {
  const p = window.location.pathname;
  return p.startsWith(BASE) ? p.slice(BASE.length).replace(/\/+$/, '') : '';
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((fn) => fn()));

export function navigate(
  route: string,
  opts: {
    replace?: boolean;
    query?: Record<string, string | number>;
    /** sticky parameters not to carry over (the tree's pick when another is made) */
    drop?: string[];
    /** carry every current parameter, not only the sticky ones (a landing that resolves its link) */
    keepQuery?: boolean;
  } = {},
): void {
  const now = new URLSearchParams(window.location.search);
  const next = new URLSearchParams();
  for (const [k, v] of now) if ((opts.keepQuery || STICKY.includes(k)) && !opts.drop?.includes(k)) next.set(k, v);
  for (const [k, v] of Object.entries(opts.query ?? {})) next.set(k, String(v));
  const qs = next.toString();
  const url = `${BASE}${route}${qs ? `?${qs}` : ''}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  listeners.forEach((fn) => fn());
}

/** The route below /console/ now (outside React). */
export const currentRoute = current;

/** The route below /console/ (e.g. "admin/projects"). */
export function useRoute(): string {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const fn = () => setRoute(current());
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }, []);
  return route;
}

const queryParam = (name: string) => new URLSearchParams(window.location.search).get(name);

/** One query parameter of the current address, following navigation (null when absent). */
export function useQueryParam(name: string): string | null {
  const [value, setValue] = useState(() => queryParam(name));
  useEffect(() => {
    const fn = () => setValue(queryParam(name));
    fn();
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  }, [name]);
  return value;
}

/** A positive integer query parameter (e.g. `reviewId`), else null. */
export function useQueryId(name: string): number | null {
  const v = useQueryParam(name);
  return v !== null && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null;
}
