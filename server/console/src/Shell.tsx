/** The frame of every page: header with module groups and the user, the tree on the left, tabs and breadcrumbs. */
import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Breadcrumb, Button, Dropdown, Layout, Menu, Modal, Result, Spin, Tabs, Tag, Tooltip } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TOrgTreeNode } from '../../../shared/api/identity';
import { useAuth } from './auth';
import { OrgTree } from './components/OrgTree';
import {
  GROUP_TITLE,
  landingModule,
  moduleFromRoute,
  moduleRoute,
  visibleModules,
  type GroupKey,
  type ModuleKey,
} from './lib/access';
import { get } from './lib/api';
import { currentRoute, navigate, useQueryId, useRoute } from './lib/router';
import { useRequest } from './lib/useRequest';
import { ChangePasswordPage } from './pages/ChangePassword';
import {
  findOrgSelection,
  findProjectSelection,
  sameSelection,
  WorkspaceContext,
  type Selection,
  type Workspace,
} from './workspace';

const TREE_COLLAPSED = 'console.tree-collapsed';

// Each module is its own chunk, fetched when first opened: the login page and the shell load without them.
const OrgPage = lazy(() => import('./pages/Org').then((m) => ({ default: m.OrgPage })));
const ProjectsPage = lazy(() => import('./pages/Projects').then((m) => ({ default: m.ProjectsPage })));
const AccountsPage = lazy(() => import('./pages/Accounts').then((m) => ({ default: m.AccountsPage })));
const AuditLogPage = lazy(() => import('./pages/AuditLog').then((m) => ({ default: m.AuditLogPage })));
const DingtalkPage = lazy(() => import('./pages/Dingtalk').then((m) => ({ default: m.DingtalkPage })));
const NotificationsPage = lazy(() => import('./pages/Notifications').then((m) => ({ default: m.NotificationsPage })));
const InterfaceLogPage = lazy(() => import('./pages/InterfaceLog').then((m) => ({ default: m.InterfaceLogPage })));
const BusinessPage = lazy(() => import('./pages/Business').then((m) => ({ default: m.BusinessPage })));
const MinorityPage = lazy(() => import('./pages/Minority').then((m) => ({ default: m.MinorityPage })));
const MandatoryPage = lazy(() => import('./pages/Mandatory').then((m) => ({ default: m.MandatoryPage })));
const ToolsPage = lazy(() => import('./pages/Tools').then((m) => ({ default: m.ToolsPage })));
const TemplatesPage = lazy(() => import('./pages/Templates').then((m) => ({ default: m.TemplatesPage })));
const VouchersPage = lazy(() => import('./pages/vouchers/VouchersPage').then((m) => ({ default: m.VouchersPage })));
const VoucherRulesPage = lazy(() =>
  import('./pages/vouchers/VoucherRulesPage').then((m) => ({ default: m.VoucherRulesPage })),
);
const ReportPage = lazy(() => import('./pages/reports/ReportPage').then((m) => ({ default: m.ReportPage })));
const ChartsPage = lazy(() => import('./pages/reports/ChartsPage').then((m) => ({ default: m.ChartsPage })));

const PAGES: Record<ModuleKey, () => ReactNode> = {
  org: () => <OrgPage />,
  projects: () => <ProjectsPage />,
  accounts: () => <AccountsPage />,
  templates: () => <TemplatesPage />,
  audit: () => <AuditLogPage />,
  dingtalk: () => <DingtalkPage />,
  'interface-logs': () => <InterfaceLogPage />,
  notifications: () => <NotificationsPage />,
  minority: () => <MinorityPage />,
  mandatory: () => <MandatoryPage />,
  tools: () => <ToolsPage />,
  business: () => <BusinessPage />,
  'voucher-rules': () => <VoucherRulesPage />,
  vouchers: () => <VouchersPage />,
  'report-work': () => <ReportPage kind="work" />,
  'report-funding': () => <ReportPage kind="funding" />,
  'report-distributions': () => <ReportPage kind="distributions" />,
  'report-tracking': () => <ReportPage kind="tracking" />,
  'report-partners': () => <ReportPage kind="partners" />,
  'report-exits': () => <ReportPage kind="exits" />,
  'report-charts': () => <ChartsPage />,
};

const PAGE_LOADING = <Spin style={{ display: 'block', margin: '48px auto' }} description="正在加载…" />;

const TREE_SCOPED: ModuleKey[] = [
  'projects',
  'accounts',
  'minority',
  'mandatory',
  'audit',
  'business',
  'report-work',
  'report-funding',
  'report-distributions',
  'report-tracking',
  'report-partners',
  'report-exits',
  'report-charts',
];

export function Shell() {
  const { me, signOut } = useAuth();
  const route = useRoute();
  const modules = useMemo(() => visibleModules(me), [me]);
  const current = moduleFromRoute(route);
  const active = current && modules.includes(current) ? current : undefined;
  const [pwdOpen, setPwdOpen] = useState(false);
  const [treeCollapsed, setTreeCollapsed] = useState(() => localStorage.getItem(TREE_COLLAPSED) === '1');

  const treeReq = useRequest(() => get<TOrgTreeNode[]>('/api/org/tree'), [], { skip: !modules.length });
  const reloadTree = treeReq.reload;

  // the tree's pick lives in the address (?projectId= / ?orgId=): F5, shared links and back / forward keep it
  const projectId = useQueryId('projectId');
  const orgId = useQueryId('orgId');
  const found = useMemo(
    () =>
      projectId !== null
        ? findProjectSelection(treeReq.data ?? [], projectId)
        : orgId !== null
          ? findOrgSelection(treeReq.data ?? [], orgId)
          : null,
    [treeReq.data, projectId, orgId],
  );
  // the same pick stays the same object when the tree reloads (screens reload on a new pick only)
  const kept = useRef<Selection | null>(null);
  if (!sameSelection(kept.current, found)) kept.current = found;
  const selection = kept.current;

  useEffect(() => {
    // accountants and the business admin land on 工作跟踪表 (what waits for them); others on 项目维护 or their first
    const landing = landingModule(modules);
    if (!active && landing) navigate(moduleRoute(landing), { replace: true });
  }, [active, modules]);

  const select = useCallback((s: Selection | null, opts: { replace?: boolean; keepQuery?: boolean } = {}) => {
    navigate(currentRoute(), {
      ...opts,
      drop: ['projectId', 'orgId'],
      query: s ? { [s.kind === 'project' ? 'projectId' : 'orgId']: s.id } : {},
    });
  }, []);
  const workspace = useMemo<Workspace>(
    () => ({
      tree: treeReq.data ?? [],
      treeLoading: treeReq.loading,
      reloadTree,
      selection,
      select,
    }),
    [treeReq.data, treeReq.loading, reloadTree, selection, select],
  );

  if (!me) return null;
  if (!modules.length) {
    return (
      <div className="center-screen">
        <Result
          status="403"
          title="没有可用的管理功能"
          subTitle="管理后台供管理员和经营会计使用。合伙人请在钉钉工作台打开「事业合伙」小程序。"
          extra={<a onClick={() => void signOut()}>退出登录</a>}
        />
      </div>
    );
  }

  const groups = (['admin', 'business', 'reports'] as GroupKey[]).filter((g) => modules.some((m) => m.group === g));
  const group: GroupKey = active?.group ?? groups[0] ?? 'admin';
  const tabs = modules.filter((m) => m.group === group);

  const crumbs = [
    { title: GROUP_TITLE[group] },
    ...(active ? [{ title: active.title }] : []),
    // the tree's pick is part of the place only where it filters the screen
    ...(selection && active && TREE_SCOPED.includes(active.key)
      ? selection.path.slice(-2).map((t) => ({ title: t }))
      : []),
  ];

  return (
    <WorkspaceContext.Provider value={workspace}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header className="app-header">
          <div className="app-brand">
            <span className="app-brand-mark">合</span>事业合伙管理系统
          </div>
          <Menu
            mode="horizontal"
            selectedKeys={[group]}
            items={groups.map((g) => ({ key: g, label: GROUP_TITLE[g] }))}
            onClick={({ key }) => {
              const first = modules.find((m) => m.group === key);
              if (first) navigate(moduleRoute(first));
            }}
          />
          <Dropdown
            menu={{
              items: [
                { key: 'pwd', icon: <KeyOutlined />, label: '修改密码' },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'pwd') setPwdOpen(true);
                if (key === 'logout') void signOut();
              },
            }}
          >
            <span className="app-user" data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} style={{ background: '#b8242a' }} />
              <span>{me.name}</span>
              {me.roleNames
                .filter((r) => r !== '合伙人')
                .slice(0, 1)
                .map((r) => (
                  <Tag key={r} style={{ marginInlineEnd: 0 }}>
                    {r}
                  </Tag>
                ))}
              <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />
            </span>
          </Dropdown>
        </Layout.Header>
        <Layout>
          <Layout.Sider
            width={264}
            className="app-sider"
            theme="light"
            collapsible
            collapsed={treeCollapsed}
            collapsedWidth={0}
            onCollapse={(c) => {
              setTreeCollapsed(c);
              localStorage.setItem(TREE_COLLAPSED, c ? '1' : '0');
            }}
            trigger={null}
          >
            <div className="app-sider-inner">
              <OrgTree />
            </div>
          </Layout.Sider>
          <Layout.Content className="app-content">
            <div className="crumbs-row">
              <Tooltip title={treeCollapsed ? '展开组织树' : '收起组织树'}>
                <Button
                  type="text"
                  size="small"
                  data-testid="tree-toggle"
                  aria-label={treeCollapsed ? '展开组织树' : '收起组织树'}
                  icon={treeCollapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                  onClick={() => {
                    setTreeCollapsed(!treeCollapsed);
                    localStorage.setItem(TREE_COLLAPSED, treeCollapsed ? '0' : '1');
                  }}
                />
              </Tooltip>
              <Breadcrumb className="crumbs" items={crumbs} />
            </div>
            <Tabs
              className="module-tabs"
              type="card"
              activeKey={active?.key}
              onChange={(key) => {
                const m = modules.find((x) => x.key === key);
                if (m) navigate(moduleRoute(m));
              }}
              items={tabs.map((m) => ({ key: m.key, label: m.title }))}
            />
            <div className="work-area" data-testid={`module-${active?.key ?? 'none'}`}>
              {active ? <Suspense fallback={PAGE_LOADING}>{PAGES[active.key]()}</Suspense> : null}
            </div>
          </Layout.Content>
        </Layout>
      </Layout>
      <Modal open={pwdOpen} footer={null} onCancel={() => setPwdOpen(false)} destroyOnHidden width={480} title={null}>
        <ChangePasswordPage onDone={() => setPwdOpen(false)} />
      </Modal>
    </WorkspaceContext.Provider>
  );
}
