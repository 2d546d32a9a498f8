/**
 * 盈亏动态's chart: one 盈利指标 over the reporting periods, 动态 against 立项 (a flat line). Its own module, loaded
 * with React.lazy, so @ant-design/plots (and G2) stay out of the console's main bundle.
 */
import { Line } from '@ant-design/plots';
import { formatMoney } from '../../../../../shared/money';
import type { TIndicatorUnit } from '../../../../../shared/api/disclosure';

export interface ChartPoint {
  period: string;
  series: '立项' | '动态';
  /** the value as a plain decimal string */
  value: string;
}

const shown = (unit: TIndicatorUnit, v: number | string) =>
  unit === 'money' ? formatMoney(String(v)) : unit === 'percent' ? `${v}%` : `${v} 个月`;

export default function DynamicChart({
  points,
  unit,
  label,
}: {
  points: ChartPoint[];
  unit: TIndicatorUnit;
  label: string;
}) {
  // the chart library plots numbers: the exact strings become numbers only here, for drawing (the tooltip reads the
  // exact strings again)
  const data = points.map((p) => ({ ...p, y: Number(p.value) }));
  return (
    <Line
      data={data}
      xField="period"
      yField="y"
      colorField="series"
      height={280}
      autoFit
      point={{ shapeField: 'circle', sizeField: 3 }}
      scale={{ color: { domain: ['立项', '动态'], range: ['#a2a3a4', '#0089ff'] } }}
      style={{ lineWidth: 2 }}
      axis={{
        y: {
          title: label,
          labelFormatter: (v: number) => (unit === 'money' ? `${Math.round(v / 10000)}万` : String(v)),
        },
        x: { title: '报告期' },
      }}
      tooltip={{
        items: [(d: { series: string; value: string }) => ({ name: d.series, value: shown(unit, d.value) })],
      }}
      legend={{ color: { position: 'top' } }}
    />
  );
}
