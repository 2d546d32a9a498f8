/**
 * 退投测算 (quick guide 6.3.1: 输入日期及种类；测算): the price of one partner's exit from the project's ledger, the
 * rule of the chosen type and the figures entered, stored with every input and their fingerprint. 修改 recalculates
 * with a reason (audited). The fingerprint of the current inputs is what 发起 and the 承接 check (`isFresh`).
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { AppError, conflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { assertNotOwnMoney } from '../../auth/policy';
import type { TExitCalculate, TExitManualInputs, TExitRecalculate } from '../../../shared/api/exits';
import { loadLedger } from '../capital/repository';
import { exitInputsFingerprint, type ExitPricingInput } from './calc/fingerprint';
import { priceExit, type ExitError, type ExitPricing } from './calc/price';
import { resolveExitType, resolveExitTypes } from './calc/rules';
import { exitMachine, transitionExit } from './exit-state';
import { nextState, refused } from '../../lib/state-machine';
import { findExit, latestExitFlow, loadExitSettings, type ExitRecord } from './repository';
import { dayOf, toExitDetail } from './list-exits';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** The pricing input of an exit from the current data: the ledger now, the type's rule in force now. */
async function currentInput(
  tx: Tx,
  projectId: number,
  a: { userId: number; exitType: string; exitDate: string; manual: TExitManualInputs },
  opts: { newCalculation: boolean },
): Promise<ExitPricingInput> {
  const { group, project } = await loadExitSettings(tx, projectId);
  let type;
  if (opts.newCalculation) {
    const resolved = resolveExitType(a.exitType, group, project);
    if (!resolved.ok) throw new AppError('UNPROCESSABLE', resolved.message, { exitType: a.exitType });
    type = resolved.type;
  } else {
    // a stored 测算 keeps its type even when the type was disabled since
    type = resolveExitTypes(group, project).find((t) => t.code === a.exitType);
    if (!type) throw new AppError('UNPROCESSABLE', `退出类型 ${a.exitType} 已不存在，请重新测算`);
  }
  return {
    userId: a.userId,
    exitType: { code: type.code, label: type.label },
    exitDate: a.exitDate,
    rule: type.rule,
    entries: await loadLedger(tx, projectId),
    received: a.manual.received ?? null,
    nav: a.manual.nav ?? null,
    financingInterestOwed: a.manual.financingInterestOwed ?? null,
  };
}

function priced(result: ExitPricing | ExitError): ExitPricing {
  if (result.ok) return result;
  throw new AppError(result.code === 'ALREADY_EXITED' ? 'CONFLICT' : 'UNPROCESSABLE', result.message, {
    reason: result.code,
  });
}

const manualOf = (m: TExitManualInputs): TExitManualInputs => ({
  received: m.received,
  nav: m.nav,
  financingInterestOwed: m.financingInterestOwed,
});

const pricingData = (p: ExitPricing, manual: TExitManualInputs, who: AuditActor) => ({
  exitType: p.exitType.code,
  exitTypeLabel: p.exitType.label,
  exitDate: day(p.exitDate),
  manualInputs: manual as object,
  pricing: p as object,
  fingerprint: p.fingerprint,
  total: p.total,
  calculatedAt: new Date(),
  calculatedById: who.actorId ?? 0,
});

/**
 * Whether a stored 测算 still matches the current inputs: its fingerprint equals the one of the ledger and the rule
 * now. A 测算 older than a changed input is refused by 发起 and by the 承接.
 */
export async function isFresh(tx: Tx, exit: ExitRecord): Promise<boolean> {
  const input = await currentInput(
    tx,
    exit.projectId,
    {
      userId: exit.userId,
      exitType: exit.exitType,
      exitDate: dayOf(exit.exitDate),
      manual: exit.manualInputs as TExitManualInputs,
    },
    { newCalculation: false },
  );
  return exitInputsFingerprint(input) === exit.fingerprint;
}

export const STALE_MESSAGE = '测算后数据已变化（资金台账或退出规则），请重新测算';

/** 测算 for a partner of the project: a new exit row (已测算). A partner has one exit per project. */
export async function calculateExit(deps: Deps, who: AuditActor, projectId: number, body: TExitCalculate) {
  assertNotOwnMoney(who.actorId, body.userId, '不能为自己的跟投份额做退投测算，请由其他经营会计操作');
  const id = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR NO KEY UPDATE`; // one 测算 at a time per project
    const existing = await tx.partnerExit.findUnique({
      where: { projectId_userId: { projectId, userId: body.userId } },
    });
    if (existing) {
      if (existing.status === 'COMPLETED' || existing.status === 'PAID')
        throw conflict('该合伙人已退出本项目，份额已由平台公司承接，不能重复退出', { exitId: existing.id });
      throw conflict('该合伙人在本项目已有退投测算，请在原测算上修改', { exitId: existing.id });
    }
    const manual = manualOf(body);
    const pricing = priced(
      priceExit(
        await currentInput(
          tx,
          projectId,
          { userId: body.userId, exitType: body.exitType, exitDate: body.exitDate, manual },
          { newCalculation: true },
        ),
      ),
    );
    const exit = await tx.partnerExit.create({
      data: { projectId, userId: body.userId, ...pricingData(pricing, manual, who) },
    });
    await writeAudit(tx, who, {
      action: 'calculate_exit',
      entity: 'PartnerExit',
      entityId: exit.id,
      projectId,
      after: {
        status: 'CALCULATED',
        userId: body.userId,
        exitType: pricing.exitType,
        exitDate: pricing.exitDate,
        total: pricing.total,
        fingerprint: pricing.fingerprint,
      },
    });
    return exit.id;
  });
  return getExitDetail(deps, projectId, id);
}

/** 修改测算: another type, date or entered figure, with a reason; only while 已测算 or after a refused flow. */
export async function recalculateExit(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  exitId: number,
  body: TExitRecalculate,
) {
  await deps.db.$transaction(async (tx) => {
    const exit = await findExit(tx, projectId, exitId);
    assertNotOwnMoney(who.actorId, exit.userId, '不能为自己的跟投份额做退投测算，请由其他经营会计操作');
    if (!nextState(exitMachine, exit.status, 'RECALCULATE')) throw refused(exitMachine, exit.status, 'RECALCULATE');
    const manual = manualOf(body);
    const pricing = priced(
      priceExit(
        await currentInput(
          tx,
          projectId,
          { userId: exit.userId, exitType: body.exitType, exitDate: body.exitDate, manual },
          { newCalculation: true },
        ),
      ),
    );
    await transitionExit(tx, exit.id, 'RECALCULATE', {
      actor: who,
      expected: { status: exit.status, version: body.version },
      data: { ...pricingData(pricing, manual, who), editReason: body.reason },
      audit: {
        before: {
          exitType: exit.exitType,
          exitDate: dayOf(exit.exitDate),
          total: String(exit.total),
          manualInputs: exit.manualInputs,
          fingerprint: exit.fingerprint,
        },
        after: {
          exitType: pricing.exitType.code,
          exitDate: pricing.exitDate,
          total: pricing.total,
          manualInputs: manual,
          fingerprint: pricing.fingerprint,
          reason: body.reason,
        },
      },
    });
  });
  return getExitDetail(deps, projectId, exitId);
}

/** One exit with its 测算 and whether it is still fresh. */
export async function getExitDetail(deps: Deps, projectId: number, exitId: number) {
  return deps.db.$transaction(async (tx) => {
    const exit = await findExit(tx, projectId, exitId);
    const user = await tx.user.findUniqueOrThrow({
      where: { id: exit.userId },
      select: { id: true, name: true, status: true },
    });
    const fresh = exit.status === 'CALCULATED' ? await isFresh(tx, exit) : false;
    return toExitDetail(exit, user, fresh, await latestExitFlow(tx, projectId, exitId));
  });
}
