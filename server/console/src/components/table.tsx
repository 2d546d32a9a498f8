/** Server-side paging and sorting for antd tables, and small cells shared by the screens. */
import { Alert } from 'antd';
import type { TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useCallback, useState } from 'react';
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

export function LoadError({ error, what }: { error: unknown; what: string }) {
  if (!error) return null;
  return <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`${what}加载失败：${errorMessage(error)}`} />;
}
