/**
 * 图表: collection progress per project and per company (认缴 vs 实缴 vs 逾期) and distributions per month, for the
 * tree's pick. The chart library (@ant-design/plots) is loaded only when this page opens (React.lazy), so the main
 * bundle does not carry it.
 */
import { Alert, Card, Empty, Spin } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import type { TReportCharts } from '../../../../../shared/api/reports';
import { LoadError } from '../../components/table';
import { get, type Query } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import { useWorkspace } from '../../workspace';

const Plots = lazy(() => import('./Plots'));

export function ChartsPage() {
  const { selection } = useWorkspace();
  const filters = useMemo<Query>(
    () => ({
      orgUnitId: selection?.kind === 'org' ? selection.id : undefined,
      projectId: selection?.kind === 'project' ? selection.id : undefined,
    }),
    [selection],
  );
  const req = useRequest(() => get<TReportCharts>('/api/report-charts', filters), [filters]);
  const data = req.data;
  return (
    <div data-testid="report-charts">
      <LoadError error={req.error} what="图表" onRetry={req.reload} />
      {req.loading && !data ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : data ? (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`数据截至 ${data.asOf}；${selection ? `范围：${selection.path.slice(-2).join(' / ')}` : '我有权限的全部项目'}`}
          />
          <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} description="正在加载图表…" />}>
            {data.byProject.length || data.distributions.length ? (
              <Plots data={data} />
            ) : (
              <Card>
                <Empty description="所选范围内还没有认缴或分配数据" />
              </Card>
            )}
          </Suspense>
        </>
      ) : null}
    </div>
  );
}
