/** The charts themselves (lazy-loaded with @ant-design/plots): grouped columns and a stacked monthly column. */
import { Column } from '@ant-design/plots';
import { Card, Col, Empty, Row } from 'antd';
import { formatMoney } from '../../../../../shared/money';
import type { TReportCharts } from '../../../../../shared/api/reports';

type Point = TReportCharts['byProject'][number];

/** Chart values are for drawing only: the figures people read (axis, tooltips) are formatted from the strings. */
const series = (points: Point[]) =>
  points.flatMap((p) => [
    { name: p.name, type: '认缴', value: Number(p.committed), text: formatMoney(p.committed) },
    { name: p.name, type: '实缴', value: Number(p.paid), text: formatMoney(p.paid) },
    { name: p.name, type: '逾期未缴', value: Number(p.overdue), text: formatMoney(p.overdue) },
  ]);

const wan = (v: number) => `${(v / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万`;

function Collection({ points, testId }: { points: Point[]; testId: string }) {
  if (!points.length) return <Empty description="暂无数据" />;
  return (
    <div data-testid={testId}>
      <Column
        height={300}
        data={series(points)}
        xField="name"
        yField="value"
        colorField="type"
        group
        style={{ maxWidth: 48 }}
        scale={{ color: { range: ['#1677ff', '#52c41a', '#f5222d'] } }}
        axis={{ y: { labelFormatter: wan, title: false }, x: { title: false } }}
        tooltip={{ items: [{ channel: 'y', valueFormatter: (v: number) => formatMoney(String(v)) }] }}
      />
    </div>
  );
}

export default function Plots({ data }: { data: TReportCharts }) {
  const months = data.distributions.map((d) => ({
    month: d.month,
    project: d.projectName,
    value: Number(d.payout),
  }));
  return (
    <Row gutter={[12, 12]}>
      <Col xs={24} xl={12}>
        <Card size="small" title="缴款进度（按项目）：认缴 / 实缴 / 逾期未缴">
          <Collection points={data.byProject} testId="chart-project" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="缴款进度（按城市公司）">
          <Collection points={data.byCompany} testId="chart-company" />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title="分配（按月，实发合计）">
          {months.length ? (
            <div data-testid="chart-distributions">
              <Column
                height={280}
                data={months}
                xField="month"
                yField="value"
                colorField="project"
                stack
                style={{ maxWidth: 80 }}
                axis={{ y: { labelFormatter: wan, title: false }, x: { title: false } }}
                tooltip={{ items: [{ channel: 'y', valueFormatter: (v: number) => formatMoney(String(v)) }] }}
              />
            </div>
          ) : (
            <Empty description="暂无已通知或已发放的分配" />
          )}
        </Card>
      </Col>
    </Row>
  );
}
