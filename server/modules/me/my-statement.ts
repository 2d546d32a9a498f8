/** 投资对账单: the caller's statement per project and overall, and its PDF behind a short-lived signed link. */
import type { Deps } from '../../deps';
import { publicUrl } from '../../config';
import type { Actor } from '../../auth/actor';
import { writeAudit } from '../../lib/audit';
import { notFound } from '../../lib/errors';
import { openLink, signLink } from '../../lib/signed-link';
import { shanghaiDay } from '../../../shared/datetime';
import type { TMyStatement, TStatementLink } from '../../../shared/api/statement';
import { AGREEMENT_STATE_LABEL, AGREEMENT_STATUS_LABEL } from '../../../shared/api/labels';
import type { TStatementAgreement } from '../../../shared/api/statement';
import { agreementStatuses, type PartnerAgreementStatus } from '../agreements/agreement-status';
import { statementFigures, statementFlowBars, statementEvents, statementProject } from './calc/statement';
import { myStatementData, partnerNameOf } from './statement-repository';
import { renderStatementPdf } from './statement-pdf';

/** The PDF link: opened by dd.downloadFile (which sends no Authorization header), so the token is the access. */
export const STATEMENT_LINK = { purpose: 'partner-statement', fields: 2, label: '投资对账单' } as const;
const LINK_MINUTES = 10;

export async function myStatement(deps: Deps, userId: number, now: Date = new Date()): Promise<TMyStatement> {
  const asOf = shanghaiDay(now);
  const data = await myStatementData(deps, userId);
  const parts = (projectId: number) => ({
    entries: data.entries.filter((e) => e.projectId === projectId),
    lines: data.lines.filter((l) => l.projectId === projectId),
    exits: data.exits.filter((x) => x.projectId === projectId),
  });
  const all = { entries: data.entries, lines: data.lines, exits: data.exits };
  const agreements = await agreementStatuses(
    deps.db,
    data.projects.map((p) => p.projectId),
    userId,
  );
  return {
    asOf,
    partnerName: await partnerNameOf(deps, userId),
    totals: statementFigures(all, asOf),
    projects: data.projects.map((p) => ({
      ...statementProject(p, parts(p.projectId), asOf),
      agreement: agreementOf(agreements.get(`${p.projectId}:${userId}`)),
    })),
    flows: statementFlowBars(statementEvents(all)),
  };
}

/** The project's agreements as the statement shows them: 协议状态 and each current document. */
function agreementOf(a: PartnerAgreementStatus | undefined): TStatementAgreement {
  const state = a?.state ?? 'NONE';
  return {
    state,
    stateLabel: AGREEMENT_STATE_LABEL[state],
    documents: (a?.documents ?? []).map((d) => ({
      id: d.id,
      title: d.title,
      number: d.number,
      version: d.version,
      status: d.status,
      statusLabel: AGREEMENT_STATUS_LABEL[d.status],
      signedOn: d.signedAt ? shanghaiDay(new Date(d.signedAt)) : null,
    })),
  };
}

export function statementLink(deps: Deps, actor: Actor, now: Date = new Date()): TStatementLink {
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  const token = signLink(
    deps.config.secretKey,
    STATEMENT_LINK.purpose,
    [String(actor.userId), shanghaiDay(now)],
    expiresAt,
  );
  const path = `/api/statement-pdfs/${token}`;
  return { url: publicUrl(deps.config, path), path, expiresAt: expiresAt.toISOString() };
}

/** The PDF of the token's partner (the policy checked the signature and the expiry); the download audited. */
export async function downloadStatementPdf(
  deps: Deps,
  token: string,
  from: { ip: string; userAgent?: string },
): Promise<{ fileName: string; body: Buffer }> {
  const opened = openLink(deps.config.secretKey, STATEMENT_LINK.purpose, token, STATEMENT_LINK.fields);
  // the route's policy (signedLink) has checked the signature and the expiry: this only reads the partner's id
  if (!opened.ok) throw notFound('投资对账单');
  const userId = Number(opened.fields[0]);
  const statement = await myStatement(deps, userId);
  const body = await renderStatementPdf(statement);
  await writeAudit(
    deps.db,
    { actorId: userId, actorName: statement.partnerName, requestId: null, ip: from.ip },
    {
      action: 'download_statement',
      entity: 'PartnerStatement',
      entityId: userId,
      after: { asOf: statement.asOf, projects: statement.projects.length, userAgent: from.userAgent ?? null },
    },
  );
  return { fileName: `投资对账单-${statement.partnerName}-${statement.asOf.replaceAll('-', '')}.pdf`, body };
}
