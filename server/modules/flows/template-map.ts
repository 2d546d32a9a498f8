/**
 * The form 发起 sends, renamed for the tenant's approval template (钉钉设置 → 审批模板): each field goes to the
 * component the mapping names, each table cell to the mapped column; a field mapped to "" is not sent. A field
 * the mapping does not know (added to a flow after the mapping was saved) keeps its own name, so DingTalk's
 * refusal names it and 测试 shows it.
 */
import type { ApprovalField } from '../../dingtalk/client';

export function applyFieldMap(fields: ApprovalField[], fieldMap: Record<string, string>): ApprovalField[] {
  const out: ApprovalField[] = [];
  for (const f of fields) {
    const to = fieldMap[f.name] ?? f.name;
    if (!to) continue;
    if ('table' in f)
      out.push({
        ...f,
        name: to,
        table: f.table.map((row) =>
          row.map((c) => ({ name: fieldMap[`${f.name}/${c.name}`] || c.name, value: c.value })),
        ),
      });
    else out.push({ ...f, name: to });
  }
  return out;
}
