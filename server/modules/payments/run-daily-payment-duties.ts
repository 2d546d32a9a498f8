import type { Deps } from '../../deps';
import { shanghaiDay } from '../../../shared/datetime';
import { dec } from '../../../shared/money';
import type { Tx } from '../../lib/db';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { writeAudit, systemActor } from '../../lib/audit';
import { enqueueNotifications } from '../notify/outbox';
import { closeRoundIfSettled } from './close-round-if-settled';
import { day } from './dues';
import { sendReminders } from './send-reminders';
import { reminderDays } from './status';
import { renderTemplate } from '../templates';
import { consoleUrl } from '../../lib/console-url';
import { formatMoney, sumMoney } from '../../../shared/money';
import { projectAccountants } from '../exits/repository';

/** The daily schedule: reminders on the configured days before the due day; voluntary no-shows deemed to give up. */
export async function runDailyPaymentDuties(deps: Deps, now = new Date()) {
  const today = shanghaiDay(now);
  const open = await deps.db.paymentDue.findMany({
    where: { status: { in: ['UNPAID', 'PARTIAL'] }, noticeSentAt: { not: null } },
    include: { project: { select: { scheme: true } }, roundPartner: { select: { category: true } } },
  });
  const byProject = new Map<number, number[]>();
  const overdue: typeof open = [];
  let forfeited = 0;
  for (const d of open) {
    const scheme = d.project.scheme;
    if (!scheme) continue;
    const due = day(d.dueDate);
    if (today > due && d.status === 'UNPAID' && d.roundPartner?.category === 'VOLUNTARY' && scheme.voluntaryForfeit) {
      await deps.db.$transaction(async (tx) => {
        const { count } = await tx.paymentDue.updateMany({
          where: { id: d.id, status: 'UNPAID', version: d.version },
          data: { status: 'FORFEITED', version: { increment: 1 } },
        });
        if (!count) return;
        forfeited += count;
        await forfeitInLedger(tx, d, today);
        await writeAudit(tx, systemActor('缴款逾期'), {
          action: 'forfeit',
          entity: 'PaymentDue',
          entityId: d.id,
          projectId: d.projectId,
          before: { status: 'UNPAID' },
          after: { status: 'FORFEITED', dueDate: due },
        });
        const partner = await tx.user.findUniqueOrThrow({
          where: { id: d.userId },
          select: { name: true, dingUserId: true },
        });
        const project = await tx.project.findUniqueOrThrow({ where: { id: d.projectId }, select: { name: true } });
        if (partner.dingUserId) {
          const r = await renderTemplate(tx, 'PAYMENT_FORFEITED', {
            姓名: partner.name,
            项目名称: project.name,
            应缴金额: d.amountDue,
            缴款截止: due,
          });
          await enqueueNotifications(tx, [
            {
              channel: 'WORK',
              kind: 'payment_forfeited',
              userId: d.userId,
              dingUserId: partner.dingUserId,
              dedupeKey: `payment:${d.id}:forfeited`,
              templateVersionId: r.templateVersionId,
              msg: { msgtype: 'text', text: { content: r.text } },
            },
          ]);
        }
        await closeRoundIfSettled(tx, d.roundPartnerId, systemActor('缴款逾期'));
      });
      continue;
    }
    if (reminderDays(due, scheme.reminderOffsetsDays).includes(today))
      byProject.set(d.projectId, [...(byProject.get(d.projectId) ?? []), d.id]);
    if (today > due) overdue.push(d);
  }
  await tellAccountantsOverdue(deps, overdue);
  let reminded = 0;
  for (const [projectId, dueIds] of byProject)
    reminded += (await sendReminders(deps, systemActor('定时催缴'), projectId, { dueIds })).reminded;
  return { reminded, forfeited };
}

/**
 * 逾期未缴: the project's accountants are told once per project, kind and due day — who has not paid, how much —
 * with the button to the page where they 催缴 and confirm (缴款, or 变更缴款确认 for a 补缴).
 */
async function tellAccountantsOverdue(
  deps: Deps,
  dues: {
    id: number;
    projectId: number;
    kind: string;
    dueDate: Date;
    amountDue: unknown;
    paidAmount: unknown;
    userId: number;
  }[],
) {
  const groups = new Map<string, typeof dues>();
  for (const d of dues) {
    if (d.kind === 'REFUND') continue;
    const k = `${d.projectId}:${d.kind}:${day(d.dueDate)}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  for (const [key, list] of groups) {
    const { projectId, kind, dueDate } = list[0]!;
    await deps.db.$transaction(async (tx) => {
      const [project, partners, accountants] = await Promise.all([
        tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } }),
        tx.user.findMany({ where: { id: { in: list.map((d) => d.userId) } }, select: { name: true } }),
        projectAccountants(tx, projectId),
      ]);
      const owed = sumMoney(list.map((d) => dec(String(d.amountDue)).minus(dec(String(d.paidAmount)))));
      const names = partners.map((p) => p.name);
      const who = names.length > 3 ? `${names.slice(0, 3).join('、')} 等 ${names.length} 人` : names.join('、');
      const tab = kind === 'INITIAL' ? 'payments' : 'change-dues';
      await enqueueNotifications(
        tx,
        accountants
          .filter((a) => a.dingUserId)
          .map((a) => ({
            channel: 'WORK' as const,
            kind: 'payment_overdue_staff',
            userId: a.id,
            dingUserId: a.dingUserId!,
            dedupeKey: `overdue:${key}:${a.id}`,
            msg: {
              msgtype: 'action_card' as const,
              action_card: {
                title: `${project.name} 逾期未缴`,
                markdown: `【${project.name}】${who} 的${kind === 'INITIAL' ? '缴款' : '补缴'}已过截止日 ${day(dueDate)}，尚未缴清 ${formatMoney(owed)}。\n\n**下一步：请在【${tab === 'payments' ? '缴款' : '变更缴款确认'}】发送催缴通知，到账后确认缴款**`,
                single_title: '去催缴',
                single_url: consoleUrl(deps, `business/${tab}?projectId=${projectId}`),
              },
            },
          })),
      );
    });
  }
}

/**
 * 放弃: the forfeited commitment goes back to the platform company (a COMMITMENT_CHANGE pair, so the level still adds
 * up to its cap). Only for a round line the ledger holds (dues made before the ledger have nothing to move).
 */
async function forfeitInLedger(
  tx: Tx,
  d: {
    id: number;
    projectId: number;
    userId: number;
    level: 'HOLDING' | 'GROUP' | 'CITY' | 'OTHER';
    roundPartnerId: number | null;
    amountDue: unknown;
  },
  today: string,
) {
  if (d.roundPartnerId === null) return;
  const held = await tx.capitalEntry.findFirst({
    where: { projectId: d.projectId, roundPartnerId: d.roundPartnerId, holder: 'PARTNER', kind: 'COMMITMENT' },
    select: { id: true },
  });
  if (!held) return;
  const amount = dec(String(d.amountDue));
  const base = {
    level: d.level,
    kind: 'COMMITMENT_CHANGE' as const,
    paidDelta: dec(0),
    interestDelta: dec(0),
    valueDate: today,
  };
  await appendCapitalEntries(tx, {
    projectId: d.projectId,
    actor: systemActor('缴款逾期'),
    reason: '逾期未缴视为放弃认购，认缴额转回平台公司',
    entries: [
      {
        ...base,
        holder: 'PARTNER',
        userId: d.userId,
        committedDelta: amount.negated(),
        roundPartnerId: d.roundPartnerId,
        paymentDueId: d.id,
        idempotencyKey: `forfeit:${d.id}:partner`,
        note: '放弃认购',
      },
      {
        ...base,
        holder: 'PLATFORM',
        userId: null,
        committedDelta: amount,
        paymentDueId: d.id,
        idempotencyKey: `forfeit:${d.id}:platform`,
        note: '放弃认购转回',
      },
    ],
  });
}
