/**
 * Per-level cap against what was subscribed and what is invested, as plain bars (no chart library): the
 * grey track is the level's cap, the light bar the subscriptions, the solid bar the 投资明细, the hatched
 * rest what goes to the 平台公司. Over-subscription shows as a light bar running past the track's end marker.
 */
import { Tooltip } from 'antd';
import { dec, formatMoney } from '../../../../../shared/money';
import type { TLevelSummary } from '../../../../../shared/api/subscription';

export function LevelChart({ levels }: { levels: TLevelSummary[] }) {
  if (!levels.length) return null;
  // every bar on the same scale: the largest of caps and subscriptions is the full width
  const scale = levels.reduce((m, l) => {
    const a = dec(l.cap);
    const b = dec(l.subscribed);
    const big = a.greaterThan(b) ? a : b;
    return big.greaterThan(m) ? big : m;
  }, dec(0));
  const width = (v: string) =>
    scale.lessThanOrEqualTo(0) ? 0 : Math.min(100, dec(v).dividedBy(scale).times(100).toDecimalPlaces(2).toNumber());
  return (
    <div className="level-chart" data-testid="level-chart" role="img" aria-label="各层级上限、认购与投资明细">
      {levels.map((l) => {
        const used = dec(l.cap).greaterThan(0)
          ? dec(l.invested).dividedBy(dec(l.cap)).times(100).toDecimalPlaces(1).toString()
          : '0';
        return (
          <div className="level-chart-row" key={l.level}>
            <div className="level-chart-label">{l.label}</div>
            <Tooltip
              title={
                <div className="num">
                  上限 {formatMoney(l.cap)}
                  <br />
                  认购 {formatMoney(l.subscribed)}
                  <br />
                  投资明细 {formatMoney(l.invested)}
                  <br />
                  平台公司 {formatMoney(l.platform)}
                </div>
              }
            >
              <div className="level-chart-track">
                <div className="level-chart-cap" style={{ width: `${width(l.cap)}%` }} />
                <div className="level-chart-sub" style={{ width: `${width(l.subscribed)}%` }} />
                <div className="level-chart-inv" style={{ width: `${width(l.invested)}%` }} />
                <div className="level-chart-capmark" style={{ left: `${width(l.cap)}%` }} />
              </div>
            </Tooltip>
            <div className="level-chart-value money">
              {formatMoney(l.invested)} <span className="muted">/ {formatMoney(l.cap)}</span> <b>{used}%</b>
            </div>
          </div>
        );
      })}
      <div className="level-chart-legend">
        <span>
          <i className="sw sw-inv" />
          投资明细
        </span>
        <span>
          <i className="sw sw-sub" />
          认购
        </span>
        <span>
          <i className="sw sw-cap" />
          层级上限（余额归平台公司）
        </span>
      </div>
    </div>
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
