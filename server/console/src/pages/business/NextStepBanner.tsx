/**
 * The project's next steps, at the top of its workspace: the stage and what waits on whom since when
 * (`GET /api/projects/:id/next-steps`, the same items as 工作跟踪表). Whoever must act gets the button that opens the
 * page doing it (the link 工作跟踪表's 办理 opens); anyone else reads it as information. Nothing is shown when
 * nothing waits.
 */
import { Alert, Button, Tag } from 'antd';
import { useAuth } from '../../auth';
import { hasRole } from '../../lib/access';
import { get } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useRequest } from '../../lib/useRequest';
import type { TNextStep, TProjectNextSteps } from '../../../../../shared/api/next-steps';

const MAX_LINES = 3;

/** 立项's sections a step may open (`section=` in its link), named on its button. */
const SECTION_LABEL: Record<string, string> = { shareholders: '股权合作', scheme: '立项信息' };

/** Opens a step's page (`business/<tab>?projectId=…&…`) in the workspace already showing the project. */
function openStep(s: TNextStep) {
  const [route, qs = ''] = s.link.split('?');
  const query: Record<string, string> = {};
  new URLSearchParams(qs).forEach((v, k) => {
    if (k !== 'projectId') query[k] = v;
  });
  navigate(route ?? `business/${s.tab}`, { query });
}

export function NextStepBanner({
  projectId,
  refreshKey,
  tabLabel,
}: {
  projectId: number;
  /** anything whose change may move the project on (round, its status, the tab) */
  refreshKey: string;
  tabLabel: (tab: string) => string | undefined;
}) {
  const { me } = useAuth();
  const steps = useRequest(
    () => get<TProjectNextSteps>(`/api/projects/${projectId}/next-steps`),
    [projectId, refreshKey],
  );
  const data = steps.data;
  if (!data || data.projectId !== projectId || !data.steps.length) return null;
  const accountant = hasRole(me, 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT');
  // partners act in the mini-program: the accountants follow them up from the console
  const mine = (s: TNextStep) =>
    s.actorRole === 'BUSINESS_ADMIN' ? hasRole(me, 'BUSINESS_ADMIN') : s.actorRole !== 'APPROVER' && accountant;
  const shown = data.steps.slice(0, MAX_LINES);
  const anyMine = data.steps.some(mine);
  return (
    <Alert
      className="biz-next"
      data-testid="next-steps"
      type={anyMine ? 'warning' : 'info'}
      showIcon
      message={
        <div>
          {shown.map((s, n) => {
            const tab = tabLabel(s.tab);
            const section = SECTION_LABEL[new URLSearchParams(s.link.split('?')[1] ?? '').get('section') ?? ''];
            const label = tab && section && s.tab === 'setup' && section !== '立项信息' ? `${tab} · ${section}` : tab;
            return (
              <div key={n} className="biz-next-line" data-testid="next-step">
                {n === 0 && <Tag color="blue">{data.stage}</Tag>}
                <span>{s.text}</span>
                <span className="muted">
                  {' '}
                  {s.text.includes(s.actor) ? '' : ` · 由 ${s.actor} 处理`}
                  {s.days && !s.text.includes(`${s.days} 天`) ? ` · 已等待 ${s.days} 天` : ''}
                </span>
                {mine(s) && label && (
                  <Button size="small" type="link" onClick={() => openStep(s)}>
                    去【{label}】
                  </Button>
                )}
              </div>
            );
          })}
          {data.steps.length > MAX_LINES && (
            <div className="muted">另有 {data.steps.length - MAX_LINES} 项，见【报表 · 工作跟踪表】</div>
          )}
        </div>
      }
    />
  );
}
