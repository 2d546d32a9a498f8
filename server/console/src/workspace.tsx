/** What the whole work area shares: the org/project tree (reloaded after changes) and the node picked in it. */
import { createContext, useContext } from 'react';
import type { TOrgTreeNode } from '../../../shared/api/identity';

export type Selection =
  | { kind: 'org'; id: number; name: string; path: string[] }
  | { kind: 'project'; id: number; name: string; orgUnitId: number; path: string[] };

export interface Workspace {
  tree: TOrgTreeNode[];
  treeLoading: boolean;
  reloadTree: () => Promise<void>;
  selection: Selection | null;
  /** Picks a node: the address changes (a new history entry unless `replace`; `keepQuery` keeps the link's other parameters). */
  select: (s: Selection | null, opts?: { replace?: boolean; keepQuery?: boolean }) => void;
}

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const v = useContext(WorkspaceContext);
  if (!v) throw new Error('useWorkspace outside the shell');
  return v;
}

/** Every project in the tree, with its unit, for pickers. */
export function flattenProjects(
  tree: TOrgTreeNode[],
): { id: number; name: string; orgUnitId: number; orgUnitName: string }[] {
  const out: { id: number; name: string; orgUnitId: number; orgUnitName: string }[] = [];
  const walk = (n: TOrgTreeNode) => {
    for (const p of n.projects) out.push({ id: p.id, name: p.name, orgUnitId: n.id, orgUnitName: n.name });
    n.children.forEach(walk);
  };
  tree.forEach(walk);
  return out;
}

/** Org units as TreeSelect data. */
export interface UnitOption {
  value: number;
  title: string;
  disabled: boolean;
  children: UnitOption[];
}
/** `selectable` limits the choice (projects belong to a 城市公司 or 直属项目公司). */
export function unitOptions(tree: TOrgTreeNode[], selectable?: (n: TOrgTreeNode) => boolean): UnitOption[] {
  return tree.map((n) => ({
    value: n.id,
    title: n.name,
    disabled: selectable ? !selectable(n) : false,
    children: unitOptions(n.children, selectable),
  }));
}
export const isCompany = (n: TOrgTreeNode) => n.kind === 'CITY' || n.kind === 'DIRECT';

/** The tree's selection for a project (as if picked in the tree), or null when the project is not in the tree. */
export function findProjectSelection(tree: TOrgTreeNode[], projectId: number): Selection | null {
  const walk = (nodes: TOrgTreeNode[], path: string[]): Selection | null => {
    for (const n of nodes) {
      const here = [...path, n.name];
      const p = n.projects.find((x) => x.id === projectId);
      if (p) return { kind: 'project', id: p.id, name: p.name, orgUnitId: n.id, path: [...here, p.name] };
      const deeper = walk(n.children, here);
      if (deeper) return deeper;
    }
    return null;
  };
  return walk(tree, []);
}

/** The tree's selection for an org unit, or null when the unit is not in the tree. */
export function findOrgSelection(tree: TOrgTreeNode[], orgId: number): Selection | null {
  const walk = (nodes: TOrgTreeNode[], path: string[]): Selection | null => {
    for (const n of nodes) {
      const here = [...path, n.name];
      if (n.id === orgId) return { kind: 'org', id: n.id, name: n.name, path: here };
      const deeper = walk(n.children, here);
      if (deeper) return deeper;
    }
    return null;
  };
  return walk(tree, []);
}

/** Two picks of the same node with the same names (a reloaded tree gives equal ones). */
export const sameSelection = (a: Selection | null, b: Selection | null): boolean =>
  a === b ||
  (!!a && !!b && a.kind === b.kind && a.id === b.id && a.name === b.name && a.path.join('/') === b.path.join('/'));
