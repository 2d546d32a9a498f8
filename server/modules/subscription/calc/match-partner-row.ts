/**
 * Who a row of the 合伙名单 file means. Accountants know people by name; the mobile number or the 工号 is needed
 * only where two active employees share a name, and a DingTalk id (which accountants rarely know) is optional and
 * must agree with the name when given. Pure: the import reads the employees once and asks this per row.
 */
export interface PersonForMatch {
  id: number;
  name: string;
  mobile: string | null;
  jobNumber: string | null;
  dingUserId: string | null;
  /** where they work, to tell people with the same name apart in the message */
  unit?: string | null;
}

export interface PartnerRowKeys {
  name: string;
  mobile?: string;
  jobNumber?: string;
  dingUserId?: string;
}

export type RowMatch<P extends PersonForMatch = PersonForMatch> =
  { ok: true; person: P } | { ok: false; column: '姓名' | '手机号' | '工号' | '钉钉ID'; message: string };

const digits = (s: string) => s.replace(/[\s-]/g, '');

export function matchPartnerRow<P extends PersonForMatch>(
  row: PartnerRowKeys,
  byName: ReadonlyMap<string, readonly P[]>,
): RowMatch<P> {
  const name = row.name.trim();
  if (!name) return { ok: false, column: '姓名', message: '请填写姓名' };
  const named = byName.get(name) ?? [];
  if (!named.length) return { ok: false, column: '姓名', message: `找不到名为「${name}」的在职员工` };
  let left = named;
  if (row.dingUserId) {
    left = left.filter((p) => p.dingUserId === row.dingUserId);
    if (!left.length) return { ok: false, column: '钉钉ID', message: `钉钉ID 与「${name}」不符（钉钉ID 可不填）` };
  }
  if (row.mobile) {
    const m = digits(row.mobile);
    left = left.filter((p) => p.mobile !== null && digits(p.mobile) === m);
    if (!left.length) return { ok: false, column: '手机号', message: `手机号与「${name}」不符` };
  }
  if (row.jobNumber) {
    left = left.filter((p) => p.jobNumber !== null && p.jobNumber.trim() === row.jobNumber!.trim());
    if (!left.length) return { ok: false, column: '工号', message: `工号与「${name}」不符` };
  }
  if (left.length > 1) {
    const where = [...new Set(left.map((p) => p.unit).filter(Boolean))].join('、');
    return {
      ok: false,
      column: '姓名',
      message: `有 ${left.length} 名在职员工叫「${name}」${where ? `（${where}）` : ''}，请填写手机号或工号以区分`,
    };
  }
  return { ok: true, person: left[0]! };
}

/** The employees grouped by exact name, for matchPartnerRow. */
export function indexByName<P extends PersonForMatch>(people: readonly P[]): Map<string, P[]> {
  const map = new Map<string, P[]>();
  for (const p of people) map.set(p.name.trim(), [...(map.get(p.name.trim()) ?? []), p]);
  return map;
}
