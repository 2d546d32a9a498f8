/**
 * JSON with sorted keys (undefined members left out, as JSON.stringify does): the same content gives the same text
 * whatever the key order. Used for content hashes (DingTalk drops identical work notices; the outbox groups them)
 * and for fingerprints of stored inputs.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}
