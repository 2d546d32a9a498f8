import { checkMilestones, checkSchemeRatios, checkShareholders } from './validate';

describe('立项 data checks', () => {
  it('requires level ratios to add up to the total and the total to stay under the ceiling', () => {
    expect(
      checkSchemeRatios({
        holdingRatio: '0',
        groupRatio: '0.0331',
        cityRatio: '0.006',
        otherRatio: '0',
        totalRatio: '0.0391',
        maxTotalRatio: '0.1',
      }),
    ).toEqual([]);
    expect(
      checkSchemeRatios({
        holdingRatio: '0',
        groupRatio: '0.0331',
        cityRatio: '0.006',
        otherRatio: '0',
        totalRatio: '0.04',
        maxTotalRatio: '0.1',
      }),
    ).toEqual([{ path: 'totalRatio', message: '各层级占比之和 3.910% 与合伙投资占比 4.000% 不一致' }]);
    expect(
      checkSchemeRatios({
        holdingRatio: '0.06',
        groupRatio: '0.05',
        cityRatio: '0',
        otherRatio: '0',
        totalRatio: '0.11',
        maxTotalRatio: '0.1',
      })[0]!.message,
    ).toContain('超过方案上限 10.000%');
  });
  it('requires shareholders to hold 100% with our stake marked', () => {
    expect(
      checkShareholders([
        { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
        { name: '合作方', equityRatio: '0.49', isOurs: false },
      ]),
    ).toEqual([]);
    expect(checkShareholders([{ name: '锦艺置业', equityRatio: '0.5', isOurs: false }])).toHaveLength(2);
  });
  it('requires milestones in the order a project lives them', () => {
    expect(
      checkMilestones([
        { kind: 'LAND', plannedOn: '2019-02-21' },
        { kind: 'CONSTRUCTION_START', plannedOn: '2019-06-01' },
        { kind: 'SALES_START', plannedOn: '2019-10-01' },
      ]),
    ).toEqual([]);
    expect(
      checkMilestones([
        { kind: 'LAND', plannedOn: '2019-02-21' },
        { kind: 'CONSTRUCTION_START', plannedOn: '2019-01-01' },
      ]),
    ).toEqual([{ path: 'milestones.1.plannedOn', message: '开工（2019-01-01）不能早于拿地（2019-02-21）' }]);
  });
});
