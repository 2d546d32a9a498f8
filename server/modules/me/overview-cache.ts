/**
 * 首页 from a cache in Redis. It is the busiest read — opened far more often than what it shows changes — and
 * computing it is most of its cost (one query over eight tables, then the shaping).
 *
 * Why a cached answer is never stale: the key holds the caller's version (Actor.overviewVersion), the count of
 * changes to what 首页 reads of them. Database triggers add to it in the same transaction as each such write, from
 * any module, a migration or SQL by hand (migration 20261201160124_partner_change), and it is read with the account
 * on every request. A write therefore makes the next 首页 a miss, computed afresh. An answer stored under a version
 * is never older than that version: it is computed after the version was read.
 *
 * What changes with time alone (an unpaid amount becomes 逾期 when a Shanghai day ends, a subscription notice goes
 * at its deadline) ends the entry's life in Redis: it expires then.
 *
 * Not cached: a business admin's 首页, which lists every pending review — no version of theirs follows those.
 */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { JsonText } from '../../http/route';
import { rawPool } from '../../lib/raw-pg';
import { overview, overviewAt } from './overview';

// An entry lives at most this long even when nothing in it would change (a partner who stopped opening 首页)
const MAX_TTL_MS = 24 * 3600 * 1000;
// An answer about to change with time is not worth storing
const MIN_TTL_MS = 1000;

export async function cachedOverview(
  deps: Deps,
  actor: Actor,
): Promise<JsonText | Awaited<ReturnType<typeof overview>>> {
  if (!deps.config.OVERVIEW_CACHE || actor.overviewVersion === undefined || hasRole(actor, 'BUSINESS_ADMIN'))
    return overview(deps, actor);
  const key = `${deps.prefix}:me:overview:${await databaseIdentity(deps.databaseUrl)}:${actor.userId}:${actor.overviewVersion}`;
  const hit = await deps.redis.get(key);
  if (hit !== null) return new JsonText(hit);
  const now = new Date();
  const { body, validUntil } = await overviewAt(deps, actor, now);
  const text = JSON.stringify(body);
  const ttl = Math.min(validUntil.getTime() - now.getTime(), MAX_TTL_MS);
  if (ttl >= MIN_TTL_MS) await deps.redis.set(key, text, 'PX', ttl);
  return new JsonText(text);
}

/**
 * Which database the versions count in: a database made again (a reset demo, a restore) starts its versions and
 * user ids afresh, and must not meet the entries of the one before it under the same Redis prefix. A server
 * restart only costs the entries made before it.
 */
const identities = new Map<string, Promise<string>>();
function databaseIdentity(databaseUrl: string): Promise<string> {
  let id = identities.get(databaseUrl);
  if (!id) {
    id = rawPool(databaseUrl)
      .query<{ id: string }>(
        // the database's oid and the server's start: a database made again in the same server gets another oid,
        // and a server made again (a new data directory, oids from the start) another start time
        `SELECT oid::text || '-' || floor(extract(epoch FROM pg_postmaster_start_time()))::text AS id
           FROM pg_database WHERE datname = current_database()`,
      )
      .then((r) => r.rows[0]!.id);
    id.catch(() => identities.delete(databaseUrl));
    identities.set(databaseUrl, id);
  }
  return id;
}
