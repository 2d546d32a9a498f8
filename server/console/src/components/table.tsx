/** Server-side paging and sorting for antd tables, and small cells shared by the screens. */
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useState, type ReactNode } from 'react';
import { formatMoney, type MoneyInput } from '../../../../shared/money';
import { errorMessage } from '../lib/api';

export interface PageState {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
}

export function usePaging(initial: Partial<PageState> = {}) {
  const [state, setState] = useState<PageState>({ page: 1, pageSize: 20, ...initial });
  const onChange = useCallback(
    <T,>(p: TablePaginationConfig, _f: unknown, sorter: SorterResult<T> | SorterResult<T>[]) => {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = s?.order ? (s.columnKey ?? s.field) : undefined;
      setState((prev) => ({
        page: p.current ?? 1,
        pageSize: p.pageSize ?? prev.pageSize,
        sort: field === undefined ? undefined : String(field),
        order: s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : undefined,
      }));
    },
    [],
  );
  const resetPage = useCallback(() => setState((prev) => ({ ...prev, page: 1 })), []);
  const pagination = (total: number | undefined): TablePaginationConfig => ({
    current: state.page,
    pageSize: state.pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (t) => `共 ${t} 条`,
  });
  const sortOrderOf = (key: string) =>
    state.sort === key ? (state.order === 'desc' ? ('descend' as const) : ('ascend' as const)) : null;
  return { state, setState, onChange, resetPage, pagination, sortOrderOf };
}

/** An amount: ¥ with thousands separators, right-aligned, tabular digits. */
export function Money({ value, symbol = true }: { value: MoneyInput | null | undefined; symbol?: boolean }) {
  return <span className="money">{formatMoney(value, { symbol })}</span>;
}

/** A failed load: what failed, the server's Chinese message, and 重试 when the caller can load again. */
export function LoadError({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => unknown }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="load-error"
      title={`${what}加载失败：${errorMessage(error)}`}
      action={
        onRetry ? (
          <Button size="small" icon={<ReloadOutlined />} onClick={() => void onRetry()} data-testid="load-retry">
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

/**
 * What a tab shows until its data is in: a skeleton while loading, the error with 重试 when the load failed —
 * never the empty form, zero amounts or "没有…" texts of a screen without data. Renders `children` once loaded.
 */
export function Loaded<T>({
  req,
  what,
  children,
  rows = 6,
}: {
  req: { data: T | undefined; loading: boolean; error: unknown; reload: () => Promise<void> };
  what: string;
  children: (data: T) => ReactNode;
  rows?: number;
}) {
  if (req.data !== undefined && !req.error) return <>{children(req.data)}</>;
  if (req.error) return <LoadError error={req.error} what={what} onRetry={req.reload} />;
  return (
    <div data-testid="loading" aria-busy="true" aria-label={`正在加载${what}`}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

/**
 * For a screen's main load, right before its render: the skeleton while the first load runs, the error with 重试
 * when it failed (never zero amounts or the empty-list text of a screen without data); null once the data is in.
 */
export function notReady(
  req: { data: unknown; loading: boolean; error: unknown; reload: () => Promise<void> },
  what: string,
  rows = 6,
): ReactNode | null {
  if (req.error) return <LoadError error={req.error} what={what} onRetry={req.reload} />;
  if (req.data !== undefined) return null;
  return (
    <div data-testid="loading" aria-busy="true" aria-label={`正在加载${what}`}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}
