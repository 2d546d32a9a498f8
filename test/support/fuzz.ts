/**
 * Malformed requests generated from the route registry and each route's zod schemas. Every request is malformed
 * by construction — a path id, a query or a body its schema refuses (checked with the schema itself before it is
 * sent), a body that is not JSON, a string the parsing boundary refuses, an oversized or broken upload — so a correct
 * server answers every one with a 4xx and writes nothing. Deterministic for a given seed.
 */
import { z } from 'zod';
import type { AnyRoute } from '../../server/http/route';

export interface FuzzRequest {
  route: string;
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: string | Buffer;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same requests. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values a schema field should refuse (most schemas refuse most of these; each use is checked). */
export const EVIL_VALUES: unknown[] = [
  null,
  -1,
  0,
  1.5,
  2147483648,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  '',
  ' ',
  '0x10',
  '1e2',
  ' 1',
  'NaN',
  'Infinity',
  '-0',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '0000-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '12345678901234567890.123',
  '-1.00',
  '1,000.00',
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  true,
  false,
  [],
  [null],
  {},
  { $ne: 1 },
  { __proto__: { admin: true } },
  '😀'.repeat(300),
];

/** Path values: refused by every id, enum and token schema (raw ones are sent as they are, unencoded). */
const EVIL_PARAMS: { value: string; raw?: boolean }[] = [
  { value: '2147483648' },
  { value: '99999999999999999999999' },
  { value: '0x10' },
  { value: '1e2' },
  { value: ' 1' },
  { value: '1 ' },
  { value: '+1' },
  { value: '01' },
  { value: '-1' },
  { value: '0' },
  { value: '1.5' },
  { value: 'abc' },
  { value: 'x'.repeat(300) },
  { value: 'null' },
  { value: '%00', raw: true },
  { value: '%', raw: true },
  { value: '%ED%A0%80', raw: true },
  { value: '%C0%AF', raw: true },
  { value: '1%00', raw: true },
  { value: '..%2F..%2Fetc', raw: true },
];

const RAW_BODIES: { kind: string; data: string; type: string }[] = [
  { kind: 'json-truncated', data: '{"a":', type: 'application/json' },
  { kind: 'json-garbage', data: 'not json at all', type: 'application/json' },
  { kind: 'json-trailing', data: '{"a":1}}', type: 'application/json' },
  { kind: 'json-nul', data: '{"name":"a\\u0000b","id":1}', type: 'application/json' },
  { kind: 'json-lone-surrogate', data: '{"name":"\\ud800","id":1}', type: 'application/json' },
  { kind: 'json-key-nul', data: '{"a\\u0000":1}', type: 'application/json' },
  { kind: 'json-deep', data: `${'['.repeat(5000)}${']'.repeat(5000)}x`, type: 'application/json' },
  { kind: 'form-nul', data: 'name=a%00b', type: 'application/x-www-form-urlencoded' },
  { kind: 'form-nul-key', data: 'a%00=1', type: 'application/x-www-form-urlencoded' },
  { kind: 'json-oversize', data: `{"a":"${'x'.repeat(1_100_000)}"}`, type: 'application/json' },
];

const EVIL_QUERIES = ['a=%00', 'q=%ED%A0%80', 'page=%', 'x=%E0%A4%A', 'q=a%00b&page=1'];

type Json = Record<string, unknown>;

/** A plausible value for a JSON schema (the base that one field of is then broken). */
function sample(s: Json | undefined, depth = 0): unknown {
  if (!s || depth > 6) return 'x';
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    if (Array.isArray(s[k]) && (s[k] as Json[]).length) return sample((s[k] as Json[])[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const [k, v] of Object.entries((s.properties as Record<string, Json>) ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    case 'array':
      return [sample(s.items as Json, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      if (s.format === 'date' || /\\d\{4\}-/.test(String(s.pattern ?? ''))) return '2026-01-15';
      if (s.format === 'date-time') return '2026-01-15T00:00:00.000Z';
      if (/\^-\?\\d/.test(String(s.pattern ?? ''))) return '100.00';
      return 'x';
    default:
      return 'x';
  }
}

function jsonSchema(schema: z.ZodType): Json | undefined {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  } catch {
    return undefined;
  }
}

/** Every [path, parent] of an object tree, for picking the field to break. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  const entries: [string | number, unknown][] = Array.isArray(v)
    ? v.map((x, i) => [i, x])
    : v && typeof v === 'object'
      ? Object.entries(v)
      : [];
  for (const [k, x] of entries) {
    out.push([...prefix, k]);
    paths(x, [...prefix, k], out);
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Json;
  let cur = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

export interface FuzzContext {
  /** a real value for each path parameter name (so a request with one bad param reaches deep) */
  paramValue: (name: string) => string;
  /** bearer tokens to send with (anonymous included as undefined) */
  tokens: (string | undefined)[];
}

/** `count` malformed requests spread evenly over `routes` (round robin), from `seed`. */
export function* fuzzRequests(routes: AnyRoute[], count: number, fc: FuzzContext, seed = 20261201) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const bodySchemas = new Map(routes.map((r) => [r, r.body ? jsonSchema(r.body) : undefined]));
  for (let i = 0; i < count; i++) {
    const r = routes[i % routes.length]!;
    const names = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
    const token = pick(fc.tokens);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const build = (params: Record<string, { value: string; raw?: boolean }>, query = '') =>
      r.path.replace(/:([a-zA-Z]+)/g, (_, n: string) => {
        const p = params[n] ?? { value: fc.paramValue(n) };
        return p.raw ? p.value : encodeURIComponent(p.value);
      }) + (query ? `?${query}` : '');
    const kinds = ['raw-body', 'evil-query'];
    if (names.length && r.params) kinds.push('param', 'param');
    if (r.body) kinds.push('body', 'body', 'body');
    if (r.query) kinds.push('query', 'query');
    if (r.upload) kinds.push('upload', 'upload');
    const kind = pick(kinds);
    const req = (k: string, url: string, data?: string | Buffer, type?: string): FuzzRequest => ({
      route: `${r.method} ${r.path}`,
      kind: k,
      method: r.method,
      url,
      headers: type ? { ...headers, 'content-type': type } : headers,
      data,
    });
    const fallback = () => {
      const raw = pick(RAW_BODIES);
      // a GET's body is not read: break its query instead
      if (r.method === 'GET') return req('evil-query', build({}, pick(EVIL_QUERIES)));
      return req(raw.kind, build({}), raw.data, raw.type);
    };
    if (kind === 'raw-body') {
      yield fallback();
    } else if (kind === 'evil-query') {
      yield req('evil-query', build({}, pick(EVIL_QUERIES)));
    } else if (kind === 'param') {
      const name = pick(names);
      let bad = pick(EVIL_PARAMS);
      for (let tries = 0; tries < 10; tries++) {
        const decoded = (() => {
          try {
            return decodeURIComponent(bad.raw ? bad.value : encodeURIComponent(bad.value));
          } catch {
            return undefined; // not even decodable: refused before any schema
          }
        })();
        const params = Object.fromEntries(names.map((n) => [n, fc.paramValue(n)]));
        if (decoded === undefined || !r.params!.safeParse({ ...params, [name]: decoded }).success) break;
        bad = pick(EVIL_PARAMS);
      }
      yield req(`param:${name}`, build({ [name]: bad }), r.method === 'GET' ? undefined : '{}', 'application/json');
    } else if (kind === 'query') {
      const base = (sample(jsonSchema(r.query!)) ?? {}) as Json;
      let made: FuzzRequest | undefined;
      for (let tries = 0; tries < 12 && !made; tries++) {
        const keys = Object.keys(base);
        const key = keys.length && rnd() < 0.8 ? pick(keys) : pick(['page', 'pageSize', 'version', 'date', 'q']);
        const value = pick(EVIL_VALUES);
        const str = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
        const q = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, String(v)]));
        q[key] = str;
        if (r.query!.safeParse(q).success) continue;
        made = req(`query:${key}`, build({}, new URLSearchParams(q).toString()));
      }
      yield made ?? req('evil-query', build({}, pick(EVIL_QUERIES)));
    } else if (kind === 'body') {
      const base = sample(bodySchemas.get(r));
      const fields = paths(base);
      let made: FuzzRequest | undefined;
      for (let tries = 0; tries < 12 && !made; tries++) {
        const value = pick(EVIL_VALUES);
        const body = fields.length && rnd() < 0.85 ? setAt(base, pick(fields), value) : value;
        if (r.body!.safeParse(body).success) continue;
        const path = fields.length ? 'field' : 'whole';
        made = req(`body:${path}`, build({}), JSON.stringify(body) ?? 'null', 'application/json');
      }
      yield made ?? fallback();
    } else {
      // uploads: not multipart, two files, garbage, a broken workbook, over the limit
      const boundary = 'fuzzboundary';
      const part = (name: string, filename: string, content: Buffer | string) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          Buffer.isBuffer(content) ? content : Buffer.from(content),
          Buffer.from('\r\n'),
        ]);
      const end = Buffer.from(`--${boundary}--\r\n`);
      const variants: [string, Buffer | string, string][] = [
        ['upload:not-multipart', '{"file":"x"}', 'application/json'],
        [
          'upload:two-files',
          Buffer.concat([part('file', 'a.xlsx', 'PK\x03\x04'), part('file2', 'b.png', 'x'), end]),
          '',
        ],
        ['upload:garbage', Buffer.concat([part('file', '../../../etc/passwd', 'MZ\x90\x00garbage'), end]), ''],
        [
          'upload:broken-zip',
          Buffer.concat([part('file', 'x.xlsx', Buffer.from('PK\x05\x06' + '\0'.repeat(18))), end]),
          '',
        ],
        ['upload:no-end', part('file', 'a.xlsx', 'PK'), ''],
        ['upload:empty', Buffer.concat([part('file', 'a.png', ''), end]), ''],
        ['upload:oversize', Buffer.concat([part('file', 'a.png', Buffer.alloc(10 * 1024 * 1024 + 10, 0x41)), end]), ''],
        [
          'upload:nul-field',
          Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\na\u0000b\r\n`),
            end,
          ]),
          '',
        ],
      ];
      const [k, data, type] = pick(variants);
      yield req(k, build({}), data, type || `multipart/form-data; boundary=${boundary}`);
    }
  }
}
