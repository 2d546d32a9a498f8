/**
 * Per-level bars without a chart library: the grey hatched track is the level's cap, a light bar (subscriptions, or
 * what partners hold), a solid bar (投资明细, or paid-in) and the cap marker; the hatched rest is the 平台公司's.
 * A light bar longer than the cap (over-subscription) runs past the marker.
 */
import { Tooltip } from 'antd';
import { dec, formatMoney } from '../../../../../shared/money';
import type { TLevelSummary } from '../../../../../shared/api/subscription';

/** One level's bar: the cap (hatched track), a light bar and a solid bar on it, with a tooltip and a value text. */
export interface LevelBar {
  key: string;
  label: string;
  cap: string;
  light: string;
  solid: string;
  tooltip: { label: string; value: string }[];
}

/**
 * The bars every per-level screen draws (认购明细 / 测算, 累计投资): all rows on one scale (the largest cap or light
 * amount is the full width); the value column shows solid / cap and the solid share of the cap.
 */
export function LevelBars({
  rows,
  legend,
  testId = 'level-chart',
  ariaLabel,
}: {
  rows: LevelBar[];
  legend: { solid: string; light: string; cap: string };
  testId?: string;
  ariaLabel: string;
}) {
  if (!rows.length) return null;
  const scale = rows.reduce((m, l) => {
    const a = dec(l.cap);
    const b = dec(l.light);
    const big = a.greaterThan(b) ? a : b;
    return big.greaterThan(m) ? big : m;
  }, dec(0));
  const width = (v: string) =>
    scale.lessThanOrEqualTo(0) ? 0 : Math.min(100, dec(v).dividedBy(scale).times(100).toDecimalPlaces(2).toNumber());
  return (
    <div className="level-chart" data-testid={testId} role="img" aria-label={ariaLabel}>
      {rows.map((l) => {
        const used = dec(l.cap).greaterThan(0)
          ? dec(l.solid).dividedBy(dec(l.cap)).times(100).toDecimalPlaces(1).toString()
          : '0';
        return (
          <div className="level-chart-row" key={l.key}>
            <div className="level-chart-label">{l.label}</div>
            <Tooltip
              title={
                <div className="num">
                  {l.tooltip.map((t) => (
                    <div key={t.label}>
                      {t.label} {t.value}
                    </div>
                  ))}
                </div>
              }
            >
              <div className="level-chart-track">
                <div className="level-chart-cap" style={{ width: `${width(l.cap)}%` }} />
                <div className="level-chart-sub" style={{ width: `${width(l.light)}%` }} />
                <div className="level-chart-inv" style={{ width: `${width(l.solid)}%` }} />
                <div className="level-chart-capmark" style={{ left: `${width(l.cap)}%` }} />
              </div>
            </Tooltip>
            <div className="level-chart-value money">
              {formatMoney(l.solid)} <span className="muted">/ {formatMoney(l.cap)}</span> <b>{used}%</b>
            </div>
          </div>
        );
      })}
      <div className="level-chart-legend">
        <span>
          <i className="sw sw-inv" />
          {legend.solid}
        </span>
        <span>
          <i className="sw sw-sub" />
          {legend.light}
        </span>
        <span>
          <i className="sw sw-cap" />
          {legend.cap}
        </span>
      </div>
    </div>
  );
}

/** 认购明细 / 测算: per level cap, subscriptions and 投资明细 (the rest of the cap goes to the 平台公司). */
export function LevelChart({ levels }: { levels: TLevelSummary[] }) {
  return (
    <LevelBars
      ariaLabel="各层级上限、认购与投资明细"
      legend={{ solid: '投资明细', light: '认购', cap: '层级上限（余额归平台公司）' }}
      rows={levels.map((l) => ({
        key: l.level,
        label: l.label,
        cap: l.cap,
        light: l.subscribed,
        solid: l.invested,
        tooltip: [
          { label: '上限', value: formatMoney(l.cap) },
          { label: '认购', value: formatMoney(l.subscribed) },
          { label: '投资明细', value: formatMoney(l.invested) },
          { label: '平台公司', value: formatMoney(l.platform) },
        ],
      }))}
    />
  );
}

/** One stacked bar: paid against due, with the amounts. */
export function PaidBar({ paid, due }: { paid: string; due: string }) {
  const p = dec(due).greaterThan(0)
    ? Math.min(100, dec(paid).dividedBy(dec(due)).times(100).toDecimalPlaces(1).toNumber())
    : 0;
  return (
    <div className="paid-bar" role="img" aria-label={`已缴 ${p}%`}>
      <div className="paid-bar-track">
        <div className="paid-bar-fill" style={{ width: `${p}%` }} />
      </div>
      <span className="num">{p}%</span>
    </div>
  );
}
