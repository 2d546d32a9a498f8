/** How versions are shown: one version's view, a partner's documents and their state (pure). */
import { moneyString } from '../../../shared/money';
import type { TAgreementVersion } from '../../../shared/api/agreements';
import type { TAgreementState } from '../../../shared/api/labels';
import { amountInWords } from './calc/amount-words';
import type { Subject } from './calc/subjects';
import type { VersionRow } from './repository';

export function versionView(v: VersionRow): TAgreementVersion {
  return {
    id: v.id,
    kind: v.kind,
    title: v.title,
    number: v.number,
    version: v.version,
    status: v.status,
    amount: moneyString(v.amount.toString()),
    amountInWords: amountInWords(v.amount.toString()),
    previousAmount: v.previousAmount === null ? null : moneyString(v.previousAmount.toString()),
    fileName: v.fileName,
    size: v.size,
    sha256: v.sha256,
    templateVersion: v.templateVersion,
    generatedAt: v.generatedAt.toISOString(),
    signedAt: v.signedAt ? v.signedAt.toISOString() : null,
  };
}

/** The latest version of each document of one partner. */
export function currentVersions(versions: readonly VersionRow[]): VersionRow[] {
  const latest = new Map<string, VersionRow>();
  for (const v of versions) {
    const k = v.subjectKey;
    const cur = latest.get(k);
    if (!cur || v.version > cur.version) latest.set(k, v);
  }
  return [...latest.values()].sort((a, b) => a.seq - b.seq);
}

/** 未生成 without documents; 待签署 while a current version waits for the signature; else 已签署. */
export function stateOf(versions: readonly VersionRow[]): TAgreementState {
  const current = currentVersions(versions);
  if (!current.length) return 'NONE';
  return current.some((v) => v.status !== 'SIGNED') ? 'PENDING' : 'SIGNED';
}

/**
 * What a partner's documents list shows: the current versions (待签署 first), then a signed earlier version kept
 * beside a newer unsigned one (it stays in force until the new one is signed). Superseded versions are not shown.
 */
export function shownVersions(versions: readonly VersionRow[]): VersionRow[] {
  const current = currentVersions(versions);
  const currentIds = new Set(current.map((v) => v.id));
  const signedEarlier = versions.filter((v) => v.status === 'SIGNED' && !currentIds.has(v.id));
  const rank = (v: VersionRow) => (v.status === 'PENDING' ? 0 : 1);
  return [...current.sort((a, b) => rank(a) - rank(b) || a.seq - b.seq), ...signedEarlier.sort((a, b) => b.id - a.id)];
}

/** A current document whose amount is no longer what the ledger says (需重新生成). */
export function isOutdated(versions: readonly VersionRow[], subjects: readonly Subject[]): boolean {
  const bySubject = new Map(subjects.map((s) => [s.key, s]));
  const current = currentVersions(versions);
  if (subjects.some((s) => !current.some((v) => v.subjectKey === s.key)) && current.length) return true;
  return current.some((v) => {
    const s = bySubject.get(v.subjectKey);
    return !!s && moneyString(s.amount) !== moneyString(v.amount.toString());
  });
}
