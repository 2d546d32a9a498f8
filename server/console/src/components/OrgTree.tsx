/** The organisation/project tree with project counts, on the left of every page (as in the manual). */
import { Empty, Input, Skeleton, Tag, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import type { TOrgTreeNode } from '../../../../shared/api/identity';
import { useWorkspace, type Selection } from '../workspace';

interface NodeInfo {
  key: string;
  selection: Selection;
}

function build(nodes: TOrgTreeNode[], q: string, path: string[], index: Map<string, NodeInfo>): DataNode[] {
  const out: DataNode[] = [];
  for (const n of nodes) {
    const here = [...path, n.name];
    const selfMatch = !q || n.name.includes(q);
    const children = build(n.children, selfMatch ? '' : q, here, index);
    const projects = n.projects.filter((p) => selfMatch || p.name.includes(q));
    if (!selfMatch && !children.length && !projects.length) continue;
    const key = `org-${n.id}`;
    index.set(key, { key, selection: { kind: 'org', id: n.id, name: n.name, path: here } });
    const projectNodes: DataNode[] = projects.map((p) => {
      const pkey = `project-${p.id}`;
      index.set(pkey, {
        key: pkey,
        selection: { kind: 'project', id: p.id, name: p.name, orgUnitId: n.id, path: [...here, p.name] },
      });
      return {
        key: pkey,
        isLeaf: true,
        title: (
          <span className="tree-title" data-testid={`tree-project-${p.id}`}>
            <span className={`name${p.isOpen ? '' : ' tree-project-closed'}`} title={p.name}>
              {p.name}
            </span>
            {p.isSettled ? (
              <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
                清算
              </Tag>
            ) : !p.isOpen ? (
              <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
                未开放
              </Tag>
            ) : null}
          </span>
        ),
      };
    });
    out.push({
      key,
      title: (
        <span className="tree-title" data-testid={`tree-org-${n.id}`}>
          <span className="name" title={n.name}>
            {n.name}
          </span>
          <span className="tree-count" title="项目数">
            {n.projectCount}
          </span>
        </span>
      ),
      children: [...children, ...projectNodes],
    });
  }
  return out;
}

function allKeys(nodes: DataNode[]): string[] {
  return nodes.flatMap((n) => (n.isLeaf ? [] : [String(n.key), ...allKeys(n.children ?? [])]));
}

export function OrgTree() {
  const { tree, treeLoading, selection, select } = useWorkspace();
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const { data, index } = useMemo(() => {
    const index = new Map<string, NodeInfo>();
    return { data: build(tree, q.trim(), [], index), index };
  }, [tree, q]);

  const selectedKey = selection ? `${selection.kind}-${selection.id}` : null;
  // everything open by default and while searching (the tree is a few dozen nodes)
  const expandedKeys = q.trim() || expanded === null ? allKeys(data) : expanded;

  return (
    <div>
      <Input.Search
        placeholder="项目名称"
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        style={{ marginBottom: 8 }}
      />
      {treeLoading && !tree.length ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : !data.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? '没有匹配的项目' : '暂无可见的组织或项目'} />
      ) : (
        <Tree
          blockNode
          treeData={data}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpanded(keys.map(String))}
          selectedKeys={selectedKey ? [selectedKey] : []}
          onSelect={(keys) => {
            const k = keys[0];
            // a click on the node already picked keeps it (the pick is in the address: after F5 it is still picked)
            if (k === undefined) return;
            const info = k === undefined ? undefined : index.get(String(k));
            select(info ? info.selection : null);
          }}
        />
      )}
    </div>
  );
}
