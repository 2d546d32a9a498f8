/** What the 分配 screens share: the batch head type, 退 / 离 marks, the 分配账户 status as the manual names it. */
import { Tag } from 'antd';
import type { z } from 'zod';
import type { TDistributionAccountStatus, ZBatchHead } from '../../../../../../shared/api/distributions';

export type TBatchHeadRow = z.infer<typeof ZBatchHead>;

/** 退 / 离 after a name. */
export function MarkTags({ marks }: { marks: readonly string[] }) {
  if (!marks.length) return null;
  return (
    <>
      {marks.map((m) => (
        <Tag key={m} color={m === '退' ? 'volcano' : 'orange'} className="dist-mark">
          {m}
        </Tag>
      ))}
    </>
  );
}

/** The manual's 分配账户 states: 未填写 (no account), 待确认, 已确认, 待接受更正 (the partner corrected it). */
export type TAccountState = TDistributionAccountStatus | 'NONE';
export const ACCOUNT_STATE_LABEL: Record<TAccountState, string> = {
  NONE: '未填写',
  UNCONFIRMED: '待确认',
  CONFIRMED: '已确认',
  CORRECTION_PENDING: '待接受更正',
};
const ACCOUNT_STATE_COLOR: Record<TAccountState, string> = {
  NONE: 'default',
  UNCONFIRMED: 'gold',
  CONFIRMED: 'green',
  CORRECTION_PENDING: 'orange',
};
export const AccountStateTag = ({ state }: { state: TAccountState }) => (
  <Tag color={ACCOUNT_STATE_COLOR[state]} style={{ marginInlineEnd: 0 }}>
    {ACCOUNT_STATE_LABEL[state]}
  </Tag>
);
