/**
 * The rows behind 首页's cache versions (PartnerChange, see prisma/schema/me.prisma). Triggers add a row per person
 * per write, so a busy partner gathers rows; the daily compaction folds each person's rows into one carrying their
 * sum. A version is that sum, so it is the same before and after, for every reader: the compaction commits at once,
 * and a row a running write is adding is not visible to it, so it stays, uncounted by the fold.
 */
import type { Deps } from '../../deps';
import { rawPool } from '../../lib/raw-pg';

export async function compactPartnerChanges(
  deps: Pick<Deps, 'databaseUrl'>,
): Promise<{ people: number; removed: number }> {
  const { rows } = await rawPool(deps.databaseUrl).query<{ people: string; removed: string }>(
    `WITH many AS (SELECT "userId" FROM "PartnerChange" GROUP BY "userId" HAVING count(*) > 1),
          gone AS (DELETE FROM "PartnerChange" c USING many WHERE c."userId" = many."userId"
                   RETURNING c."userId", c.weight),
          folded AS (INSERT INTO "PartnerChange" ("userId", weight)
                     SELECT "userId", sum(weight) FROM gone GROUP BY "userId" RETURNING 1)
     SELECT (SELECT count(*) FROM folded)::text AS people, (SELECT count(*) FROM gone)::text AS removed`,
  );
  const people = Number(rows[0]!.people);
  return { people, removed: Number(rows[0]!.removed) - people };
}
