import type { TOrgTreeNode, TOrgUnitKind } from '../../../shared/api/identity';

export interface UnitRow {
  id: number;
  parentId: number | null;
  name: string;
  kind: TOrgUnitKind;
  code: string | null;
  active: boolean;
  sortOrder: number;
  version: number;
}
export interface ProjectRow {
  id: number;
  name: string;
  orgUnitId: number;
  isOpen: boolean;
  isSettled: boolean;
}

/**
 * The organisation tree with projects hung under their company and counts rolled up (置业集团 7 → 环沪城市公司 5 …).
 * Units without any visible project below them are dropped when `pruneEmpty` (what an accountant sees).
 */
export function buildOrgTree(
  units: UnitRow[],
  projects: ProjectRow[],
  opts: { pruneEmpty?: boolean } = {},
): TOrgTreeNode[] {
  const nodes = new Map<number, TOrgTreeNode & { sortOrder: number }>();
  for (const u of units)
    nodes.set(u.id, {
      id: u.id,
      name: u.name,
      kind: u.kind,
      code: u.code,
      active: u.active,
      parentId: u.parentId,
      version: u.version,
      projectCount: 0,
      children: [],
      projects: [],
      sortOrder: u.sortOrder,
    });
  for (const p of projects)
    nodes.get(p.orgUnitId)?.projects.push({ id: p.id, name: p.name, isOpen: p.isOpen, isSettled: p.isSettled });
  const roots: (TOrgTreeNode & { sortOrder: number })[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const count = (n: TOrgTreeNode): number =>
    (n.projectCount = n.projects.length + n.children.reduce((s, c) => s + count(c), 0));
  const order = (list: TOrgTreeNode[]) => {
    list.sort((a, b) => nodes.get(a.id)!.sortOrder - nodes.get(b.id)!.sortOrder || a.id - b.id);
    for (const c of list) {
      c.projects.sort((a, b) => a.id - b.id);
      order(c.children);
    }
  };
  const prune = (list: TOrgTreeNode[]): TOrgTreeNode[] =>
    list.filter((n) => n.projectCount > 0).map((n) => ({ ...n, children: prune(n.children) }));
  roots.forEach(count);
  order(roots);
  const strip = (list: TOrgTreeNode[]): TOrgTreeNode[] =>
    list.map(({ id, name, kind, code, active, parentId, version, projectCount, children, projects }) => ({
      id,
      name,
      kind,
      code,
      active,
      parentId,
      version,
      projectCount,
      children: strip(children),
      projects,
    }));
  return strip(opts.pruneEmpty ? prune(roots) : roots);
}

/** True when `candidateParentId` is `unitId` itself or one of its descendants (a move there would make a cycle). */
export function wouldCreateCycle(
  units: Pick<UnitRow, 'id' | 'parentId'>[],
  unitId: number,
  candidateParentId: number,
): boolean {
  const parentOf = new Map(units.map((u) => [u.id, u.parentId]));
  for (
    let cur: number | null | undefined = candidateParentId;
    cur !== null && cur !== undefined;
    cur = parentOf.get(cur)
  ) {
    if (cur === unitId) return true;
  }
  return false;
}
