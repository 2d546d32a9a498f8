/**
 * The round against the 强投名单: in 合伙名单, who on the list is missing from the round (and 按强投名单添加); in
 * 认购明细 / 测算, every 强投 who did not subscribe and was placed at their lower limit — a red warning the accountant
 * must tick before 送审 (the API refuses 送审 without it; the reviewer sees the acknowledgement in 方案审核).
 */
import { TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox } from 'antd';
import { useEffect, useState } from 'react';
import type { TMandatoryCheck } from '../../../../../shared/api/mandatory';
import { formatMoney } from '../../../../../shared/money';
import { errorMessage, get, post } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';

const checkUrl = (projectId: number, roundId: number) => `/api/projects/${projectId}/rounds/${roundId}/mandatory-check`;

/** 合伙名单: the missing people, and the button that adds everyone on the list as 强投. */
export function MandatoryMissing(props: {
  projectId: number;
  roundId: number;
  editable: boolean;
  refreshKey: unknown;
  onAdded: () => Promise<unknown>;
}) {
  const { message } = App.useApp();
  const check = useRequest(
    () => get<TMandatoryCheck>(checkUrl(props.projectId, props.roundId)),
    [props.projectId, props.roundId, props.refreshKey],
  );
  const [busy, setBusy] = useState(false);
  const prefill = async () => {
    setBusy(true);
    try {
      const r = await post<{ added: number; skipped: string[] }>(
        `/api/projects/${props.projectId}/rounds/${props.roundId}/partners/mandatory`,
      );
      message.success(r.added ? `已按强投名单添加 ${r.added} 人` : '强投名单中的人员都已在合伙名单中');
      if (r.skipped.length) message.warning(`未添加：${r.skipped.join('、')}`);
      await props.onAdded();
      await check.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const c = check.data;
  const problems = (c?.missing.length ?? 0) + (c?.notMandatory.length ?? 0);
  return (
    <>
      {props.editable && (
        <Button icon={<TeamOutlined />} loading={busy} onClick={() => void prefill()} data-testid="prefill-mandatory">
          按强投名单添加
        </Button>
      )}
      {c && problems > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '8px 0', width: '100%' }}
          data-testid="mandatory-missing"
          message={`强投名单中有 ${problems} 人未按强投列入本轮`}
          description={
            <div>
              {c.missing.map((m) => (
                <div key={m.userId}>
                  未列入：{m.name}（{m.position}，默认下限 {formatMoney(m.minAmount)}）
                </div>
              ))}
              {c.notMandatory.map((m) => (
                <div key={m.userId}>
                  类别不是强投：{m.name}（{m.position}）
                </div>
              ))}
            </div>
          }
        />
      )}
    </>
  );
}

/**
 * 认购明细 / 测算: the 强投 placed at their lower limit without subscribing. `onChange` gets the acknowledged
 * partner-list line ids ([] when there is nothing to acknowledge) or null while a warning's box is not ticked.
 */
export function MandatoryAcknowledgement(props: {
  projectId: number;
  roundId: number;
  refreshKey: unknown;
  editable: boolean;
  onChange: (lineIds: number[] | null) => void;
}) {
  const { onChange } = props;
  const check = useRequest(
    () => get<TMandatoryCheck>(checkUrl(props.projectId, props.roundId)),
    [props.projectId, props.roundId, props.refreshKey],
  );
  const [ticked, setTicked] = useState(false);
  const warnings = check.data?.unsubscribedAtMinimum ?? [];
  useEffect(() => setTicked(false), [props.refreshKey]);
  // as a string, so the effect runs only when what is acknowledged changes
  const lineIds = warnings.map((w) => w.lineId).join(',');
  useEffect(() => {
    // while the check loads nothing is held back: the API refuses a 送审 that needed the confirmation anyway
    if (!lineIds) onChange([]);
    else onChange(ticked ? lineIds.split(',').map(Number) : null);
  }, [lineIds, ticked, onChange]);
  if (!warnings.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="mandatory-warning"
      message={`${warnings.length} 位强投合伙人未认购，已按认购下限计入投资明细`}
      description={
        <div>
          {warnings.map((w) => (
            <div key={w.lineId}>
              <b>{w.name}</b>：未认购，按认购下限 <b className="num">{formatMoney(w.minAmount)}</b> 计入
            </div>
          ))}
          {props.editable && (
            <Checkbox
              style={{ marginTop: 8 }}
              checked={ticked}
              onChange={(e) => setTicked(e.target.checked)}
              data-testid="mandatory-ack"
            >
              我已与以上强投人员确认，按认购下限计入并送审（确认记录会随方案送审，审核人可见）
            </Checkbox>
          )}
        </div>
      }
    />
  );
}
