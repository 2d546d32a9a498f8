import { buildOrgTree, wouldCreateCycle, type UnitRow } from './tree';

const units: UnitRow[] = [
  { id: 1, parentId: null, name: '控股集团', kind: 'HOLDING', code: 'H', active: true, sortOrder: 0, version: 0 },
  { id: 2, parentId: 1, name: '置业集团', kind: 'GROUP', code: 'G', active: true, sortOrder: 1, version: 0 },
  { id: 3, parentId: 2, name: '环沪城市公司', kind: 'CITY', code: 'HH', active: true, sortOrder: 2, version: 0 },
  { id: 4, parentId: 3, name: '澄靖直属项目公司', kind: 'DIRECT', code: 'CJ', active: true, sortOrder: 3, version: 0 },
  { id: 5, parentId: 2, name: '昆明城市公司', kind: 'CITY', code: 'KM', active: true, sortOrder: 4, version: 0 },
  { id: 6, parentId: 2, name: '济南城市公司', kind: 'CITY', code: 'JN', active: true, sortOrder: 5, version: 0 },
];
const projects = [
  { id: 10, name: '靖江项目', orgUnitId: 4, isOpen: true, isSettled: false },
  { id: 11, name: '江阴项目', orgUnitId: 4, isOpen: true, isSettled: false },
  { id: 12, name: '昆明-城市之光', orgUnitId: 5, isOpen: true, isSettled: false },
];

describe('buildOrgTree', () => {
  it('rolls project counts up the tree', () => {
    const [holding] = buildOrgTree(units, projects);
    expect(holding!.projectCount).toBe(3);
    const group = holding!.children[0]!;
    expect(group.children.map((c) => [c.name, c.projectCount])).toEqual([
      ['环沪城市公司', 2],
      ['昆明城市公司', 1],
      ['济南城市公司', 0],
    ]);
    expect(group.children[0]!.children[0]!.projects.map((p) => p.name)).toEqual(['靖江项目', '江阴项目']);
  });
  it('drops empty branches for accountants', () => {
    const [holding] = buildOrgTree(units, projects.slice(2), { pruneEmpty: true });
    expect(holding!.children[0]!.children.map((c) => c.name)).toEqual(['昆明城市公司']);
  });
});

describe('wouldCreateCycle', () => {
  it('refuses moving a unit under itself or its descendants', () => {
    expect(wouldCreateCycle(units, 3, 4)).toBe(true);
    expect(wouldCreateCycle(units, 3, 3)).toBe(true);
    expect(wouldCreateCycle(units, 4, 5)).toBe(false);
  });
});
