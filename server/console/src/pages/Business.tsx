/**
 * 业务 · 项目流程: the project picked in the left tree as a workspace — 立项 (quick guide 2.1), 合伙名单 (2.3.1–2.3.2),
 * 认购明细 / 测算 (2.3.4, 2.4.2–2.4.3), 立项调整 (峰值变更, 4.1–4.2), 方案审核 (2.4.4, 4.2.3), 项目流程 (2.2.2, 2.4.5),
 * 缴款 (3.1.1–3.1.3), 变更缴款确认 (4.3), 累计投资, 分配 (7.1.1–8.1.8), 盈亏动态 (6.2.1) and 披露 / 披露审核 (6.1.1–6.1.3).
 * Every change reloads what it touched, so no page reload is ever needed.
 */
import { AuditOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Space, Spin, Steps, Tabs, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateTime } from '../../../../shared/datetime';
import { useAuth } from '../auth';
import { notReady } from '../components/table';
import { hasRole } from '../lib/access';
import { get } from '../lib/api';
import { navigate, useQueryId, useQueryParam, useRoute } from '../lib/router';
import { useRequest } from '../lib/useRequest';
import { findProjectSelection, useWorkspace } from '../workspace';
import './business/business.css';
import { CalcTab } from './business/CalcTab';
import { CapitalTab } from './business/CapitalTab';
import { DistributionsTab } from './business/distributions/DistributionsTab';
import { ChangeDuesTab } from './business/ChangeDuesTab';
import { ExitsTab } from './business/ExitsTab';
import { DynamicTab } from './business/DynamicTab';
import { DisclosureTab } from './business/DisclosureTab';
import { RoundStatusTag } from './business/common';
import { FlowsTab } from './business/FlowsTab';
import { NextStepBanner } from './business/NextStepBanner';
import { ProjectSetupWarnings } from '../components/SetupWarnings';
import { NewRoundModal, PartnersTab } from './business/PartnersTab';
import { PaymentsTab } from './business/PaymentsTab';
import { REVIEW_READERS, ReviewQueue } from './business/ReviewTab';
import { RoundDatesModal } from './business/RoundCorrections';
import { SchemeChangeTab } from './business/SchemeChangeTab';
import { SetupTab } from './business/SetupTab';
import type { TReviewDetail } from '../../../../shared/api/reviews';
import type { TSetup } from '../../../../shared/api/scheme';
import type { TRound, TRoundDetail } from '../../../../shared/api/subscription';

const TABS = [
  { key: 'setup', label: '立项' },
  { key: 'partners', label: '合伙名单' },
  { key: 'calc', label: '认购明细 / 测算' },
  { key: 'change', label: '立项调整' },
  { key: 'review', label: '方案审核' },
  { key: 'flows', label: '项目流程' },
  { key: 'payments', label: '缴款' },
  { key: 'change-dues', label: '变更缴款确认' },
  { key: 'capital', label: '累计投资' },
  { key: 'distributions', label: '分配' },
  { key: 'exits', label: '退出流程' },
  { key: 'dynamic', label: '盈亏动态' },
  { key: 'disclosure', label: '披露' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

const STEPS = ['立项资料', '合伙名单', '认购', '测算', '方案审核', '立项流程', '缴款', '完成'];

/**
 * The DingTalk todo of a review opens `/console/business/review?reviewId=<id>`: the review's project is picked in
 * the tree (so the workspace opens on 方案审核 with that review highlighted). Once per address.
 */
function useReviewLanding(): { resolving: boolean; focusId: number | null } {
  const { me } = useAuth();
  const route = useRoute();
  const reviewId = useQueryId('reviewId');
  const { tree, treeLoading, select } = useWorkspace();
  const wanted = route === 'business/review' && reviewId !== null && hasRole(me, ...REVIEW_READERS);
  const target = useRequest(() => get<TReviewDetail>(`/api/reviews/${reviewId}`), [reviewId], { skip: !wanted });
  const landed = useRef<number | null>(null);
  const found = target.data && target.data.id === reviewId ? findProjectSelection(tree, target.data.projectId) : null;
  useEffect(() => {
    if (!wanted || !found || landed.current === reviewId) return;
    landed.current = reviewId;
    select(found, { replace: true, keepQuery: true });
  }, [wanted, found, reviewId, select]);
  // until the review and the tree are in: then either its project opens, or (not in the tree) the queue shows it
  const resolving =
    wanted && landed.current !== reviewId && !target.error && (target.loading || treeLoading || !!found);
  return { resolving, focusId: wanted ? reviewId : null };
}

/**
 * A link to one of a project's tabs, `/console/business/<tab>?projectId=<id>` (the 缴款通知 test message's button opens
 * 缴款; the 离职 待办 opens 退出流程 with `userId`, `exitType`, `exitDate`, which that tab reads): the project is the
 * tree's pick as long as the address names it (Shell.tsx), so F5 and a shared link open the same project and tab.
 * True while the tree that resolves it is still loading.
 */
function useProjectLanding(): boolean {
  const projectId = useQueryId('projectId');
  const { treeLoading, selection } = useWorkspace();
  return projectId !== null && treeLoading && selection?.id !== projectId;
}

export function BusinessPage() {
  const { selection } = useWorkspace();
  const { me } = useAuth();
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');
  const landing = useReviewLanding();
  const projectLanding = useProjectLanding();
  if (selection?.kind !== 'project' || projectLanding) {
    if (landing.resolving || projectLanding)
      return (
        <div data-testid="business">
          <Spin
            style={{ display: 'block', margin: '48px auto' }}
            description={landing.resolving ? '正在打开审核单…' : '正在打开项目…'}
          />
        </div>
      );
    return (
      <div data-testid="business">
        <Empty
          style={{ margin: '32px 0' }}
          description={
            <span data-testid="business-prompt">
              请在左侧组织树中选择一个项目，
              <br />
              即可办理该项目的立项、合伙名单、认购测算、方案审核、项目流程与缴款。
            </span>
          }
        />
        {reviewer && (
          <div>
            <Typography.Title level={5}>
              <AuditOutlined /> 待我审核的方案
            </Typography.Title>
            <ReviewQueue projectId={null} focusId={landing.focusId} />
          </div>
        )}
      </div>
    );
  }
  return <ProjectWorkspace key={selection.id} projectId={selection.id} name={selection.name} path={selection.path} />;
}

function ProjectWorkspace({ projectId, name, path }: { projectId: number; name: string; path: string[] }) {
  const { me } = useAuth();
  const route = useRoute();
  // reviews carry partner money: only the business admin and accountants (for their projects) may read them
  const tabs = useMemo(() => TABS.filter((t) => t.key !== 'review' || hasRole(me, ...REVIEW_READERS)), [me]);
  const tab: TabKey = tabs.find((t) => t.key === route.split('/')[1])?.key ?? 'setup';
  const focusReviewId = useQueryId('reviewId');
  // 立项's section a next step opens (business/setup?section=shareholders)
  const sectionParam = useQueryParam('section');
  const editable = hasRole(me, 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT');
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');

  const setup = useRequest(() => get<TSetup>(`/api/projects/${projectId}/setup`), [projectId]);
  const rounds = useRequest(() => get<TRound[]>(`/api/projects/${projectId}/rounds`), [projectId]);
  const [roundId, setRoundId] = useState<number | null>(null);
  const [newRound, setNewRound] = useState(false);
  const [editingDates, setEditingDates] = useState(false);
  // the latest round unless the user picked another
  useEffect(() => {
    const list = rounds.data ?? [];
    if (!list.length) {
      setRoundId(null);
      return;
    }
    if (roundId === null || !list.some((r) => r.id === roundId)) setRoundId(list[list.length - 1]!.id);
  }, [rounds.data, roundId]);
  const detail = useRequest(
    () => get<TRoundDetail>(`/api/projects/${projectId}/rounds/${roundId}`),
    [projectId, roundId],
    { skip: roundId === null },
  );
  const round = rounds.data?.find((r) => r.id === roundId) ?? null;

  /** After any change to the round: its detail and the list (status, counts). */
  const [changes, setChanges] = useState(0);
  const reloadRound = async () => {
    await Promise.all([roundId === null ? undefined : detail.reload(), rounds.reload()]);
    setChanges((n) => n + 1);
  };

  // others move the round on meanwhile (the reviewer, DingTalk's callback): each tab opens on fresh figures
  const reloadRoundRef = useRef(reloadRound);
  reloadRoundRef.current = reloadRound;
  const firstTab = useRef(true);
  useEffect(() => {
    if (firstTab.current) {
      firstTab.current = false;
      return;
    }
    void reloadRoundRef.current();
  }, [tab]);

  const step = useMemo(() => {
    if (!setup.data?.scheme) return 0;
    const status = detail.data?.round.status ?? round?.status;
    if (!status) return 1;
    return { DRAFT: 1, OPEN: 2, CALCULATED: 3, IN_REVIEW: 4, APPROVED: 5, CONFIRMED: 6, CLOSED: 7 }[status];
  }, [setup.data, detail.data, round]);

  // the round tabs wait for the rounds (and the latest one's pick) instead of saying there is no round
  const roundsWaiting =
    notReady(setup, '立项资料') ??
    notReady(rounds, '认购轮次') ??
    (roundId === null && rounds.data?.length ? notReady({ ...rounds, data: undefined }, '认购轮次') : null);

  const roundData = {
    projectId,
    round,
    roundId,
    detail: detail.data,
    detailLoading: detail.loading,
    detailError: detail.error,
    reloadRound,
    editable,
    reviewer,
  };

  return (
    <div data-testid="business">
      <div className="biz-head">
        <div>
          <Typography.Title level={4} data-testid="business-project">
            {name}
          </Typography.Title>
          <span className="muted">{path.slice(0, -1).join(' / ')}</span>
        </div>
        <div className="biz-head-right">
          <span className="muted">认购轮次</span>
          <Select
            style={{ minWidth: 260 }}
            placeholder={rounds.error ? '认购轮次加载失败' : rounds.loading ? '正在加载…' : '尚无认购轮次'}
            value={roundId ?? undefined}
            data-testid="round-select"
            aria-label="认购轮次"
            loading={rounds.loading}
            onChange={(v: number) => setRoundId(v)}
            options={(rounds.data ?? []).map((r) => ({
              value: r.id,
              label: (
                <span>
                  {r.title} · {r.partnerCount} 人 <RoundStatusTag status={r.status} />
                </span>
              ),
            }))}
          />
          {editable && (
            <Button icon={<PlusOutlined />} onClick={() => setNewRound(true)}>
              新建轮次
            </Button>
          )}
          <Tooltip title="重新加载本项目数据">
            <Button
              icon={<ReloadOutlined />}
              aria-label="刷新"
              onClick={() => void Promise.all([setup.reload(), reloadRound()])}
            />
          </Tooltip>
        </div>
      </div>
      <Steps className="biz-steps" size="small" current={step} items={STEPS.map((title) => ({ title }))} />
      <NextStepBanner
        projectId={projectId}
        refreshKey={`${roundId}:${round?.status}:${tab}:${changes}:${setup.data?.scheme ? `v${setup.data.scheme.version}` : '-'}:${setup.data?.shareholders.length ?? 0}:${setup.data?.scheme?.peakConfirmedAt ?? ''}`}
        tabLabel={(t) => tabs.find((x) => x.key === t)?.label}
      />
      <ProjectSetupWarnings projectId={projectId} refreshKey={tab} />
      {round && (
        <Space size={16} className="muted" style={{ marginBottom: 8 }} wrap>
          <span>
            认购截止 <span className="num">{formatDateTime(round.deadline)}</span>
          </span>
          {round.dueDate && (
            <span>
              缴款截止 <span className="num">{round.dueDate}</span>
            </span>
          )}
          {editable && round.status !== 'CLOSED' && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditingDates(true)}
              data-testid="round-dates-edit"
              style={{ paddingInline: 0 }}
            >
              修改日期
            </Button>
          )}
          <span>
            认购通知{' '}
            {round.noticeSentAt ? <span className="num">{formatDateTime(round.noticeSentAt)} 已发送</span> : '未发送'}
          </span>
        </Space>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`business/${k}`)}
        data-testid="business-tabs"
        items={tabs.map((t) => ({ key: t.key, label: t.label }))}
      />
      {tab === 'setup' &&
        (notReady(setup, '立项资料') ?? (
          <SetupTab
            key={sectionParam ?? ''}
            projectId={projectId}
            setup={setup.data}
            editable={editable}
            reload={setup.reload}
            section={sectionParam}
          />
        ))}
      {tab === 'partners' &&
        (roundsWaiting ?? (
          <PartnersTab {...roundData} onNewRound={() => setNewRound(true)} hasScheme={!!setup.data?.scheme} />
        ))}
      {tab === 'calc' && (roundsWaiting ?? <CalcTab {...roundData} />)}
      {tab === 'change' &&
        (notReady(setup, '立项资料') ?? (
          <SchemeChangeTab projectId={projectId} setup={setup.data} editable={editable} onApplied={setup.reload} />
        ))}
      {tab === 'review' && (
        <ReviewQueue
          projectId={projectId}
          onDecided={reloadRound}
          lastRoundReview={detail.data?.review ?? null}
          focusId={focusReviewId}
        />
      )}
      {tab === 'flows' && (
        <FlowsTab
          projectId={projectId}
          editable={editable}
          onFlowSettled={async () => {
            await Promise.all([setup.reload(), reloadRound()]);
          }}
        />
      )}
      {tab === 'payments' && (roundsWaiting ?? <PaymentsTab {...roundData} />)}
      {tab === 'change-dues' && <ChangeDuesTab projectId={projectId} />}
      {tab === 'capital' && <CapitalTab projectId={projectId} />}
      {tab === 'distributions' && <DistributionsTab projectId={projectId} editable={editable} />}
      {tab === 'exits' && <ExitsTab projectId={projectId} editable={editable} />}
      {tab === 'dynamic' && <DynamicTab projectId={projectId} editable={editable} />}
      {tab === 'disclosure' && <DisclosureTab projectId={projectId} editable={editable} reviewer={reviewer} />}
      {editingDates && round && (
        <RoundDatesModal
          projectId={projectId}
          round={round}
          onClose={() => setEditingDates(false)}
          onSaved={async () => {
            setEditingDates(false);
            await reloadRound();
          }}
        />
      )}
      {newRound && (
        <NewRoundModal
          projectId={projectId}
          hasInitial={!!rounds.data?.length}
          onClose={() => setNewRound(false)}
          onCreated={async (id) => {
            setNewRound(false);
            await rounds.reload();
            setRoundId(id);
            navigate('business/partners');
          }}
        />
      )}
    </div>
  );
}
