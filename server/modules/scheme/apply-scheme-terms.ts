/**
 * A scheme change (峰值变更 → 立项信息变更) brings new terms into force: the scheme-change lifecycle calls this inside
 * its transaction when the change is APPLIED (the only way to change the peak terms after the peak is confirmed).
 * The caller writes the ledger's COMMITMENT_CHANGE entries in the same transaction, after this, so the invariant is
 * checked against the new caps.
 */
import type { Tx } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { dec, moneyString, ratioString, type MoneyInput } from '../../../shared/money';
import { checkSchemeRatios, checkShareholders, type FieldProblem } from './validate';

function fail(problems: FieldProblem[]): void {
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]!.message, problems);
}

export interface SchemeTermsInput {
  peakCapital: MoneyInput;
  holdingRatio: MoneyInput;
  groupRatio: MoneyInput;
  cityRatio: MoneyInput;
  otherRatio: MoneyInput;
  perPersonCapRatio: MoneyInput | null;
}

export interface ShareholderInput {
  name: string;
  equityRatio: MoneyInput;
  isOurs?: boolean;
  capitalContribution?: MoneyInput | null;
}

/**
 * Writes the new peak, level ratios (total = their sum), per-person ratio and, when given, the shareholders; bumps
 * the scheme's version; one audit row with before / after. `shareholders: null` leaves them as they are.
 */
export async function applySchemeTerms(
  tx: Tx,
  projectId: number,
  terms: SchemeTermsInput,
  shareholders: ShareholderInput[] | null,
  actor: AuditActor,
): Promise<void> {
  await tx.$queryRaw`SELECT "projectId" FROM "ProjectScheme" WHERE "projectId" = ${projectId} FOR UPDATE`;
  const before = await tx.projectScheme.findUnique({ where: { projectId } });
  if (!before) throw notFound('立项信息');
  const ratios = [terms.holdingRatio, terms.groupRatio, terms.cityRatio, terms.otherRatio].map((r) => dec(r));
  const totalRatio = ratios.reduce((s, r) => s.plus(r), dec(0));
  const data = {
    peakCapital: moneyString(dec(terms.peakCapital)),
    holdingRatio: ratioString(ratios[0]),
    groupRatio: ratioString(ratios[1]),
    cityRatio: ratioString(ratios[2]),
    otherRatio: ratioString(ratios[3]),
    totalRatio: ratioString(totalRatio),
    perPersonCapRatio: terms.perPersonCapRatio === null ? null : ratioString(dec(terms.perPersonCapRatio)),
  };
  fail(checkSchemeRatios({ ...data, maxTotalRatio: ratioString(before.maxTotalRatio) }));
  await tx.projectScheme.update({ where: { projectId }, data: { ...data, version: { increment: 1 } } });
  let shareholdersBefore: unknown = undefined;
  if (shareholders) {
    fail(
      checkShareholders(
        shareholders.map((s) => ({
          name: s.name,
          equityRatio: ratioString(dec(s.equityRatio)),
          isOurs: s.isOurs ?? false,
        })),
      ),
    );
    shareholdersBefore = await tx.shareholder.findMany({ where: { projectId }, orderBy: { sortOrder: 'asc' } });
    await tx.shareholder.deleteMany({ where: { projectId } });
    await tx.shareholder.createMany({
      data: shareholders.map((s, i) => ({
        projectId,
        name: s.name,
        equityRatio: ratioString(dec(s.equityRatio)),
        isOurs: s.isOurs ?? false,
        capitalContribution: s.capitalContribution == null ? null : moneyString(dec(s.capitalContribution)),
        sortOrder: i,
      })),
    });
  }
  await writeAudit(tx, actor, {
    action: 'apply_scheme_terms',
    entity: 'ProjectScheme',
    entityId: projectId,
    projectId,
    before: {
      ...Object.fromEntries(Object.keys(data).map((k) => [k, before[k as keyof typeof before]])),
      shareholders: shareholdersBefore,
    },
    after: { ...data, shareholders: shareholders ?? undefined },
  });
}
