/** 接口日志: every call to DingTalk and every inbound event, secrets masked; filter by API, result, date. */
import { Alert, DatePicker, Input, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TPage } from '../../../../shared/api/common';
import { endOfShanghaiDay, formatDateTime, startOfShanghaiDay } from '../../../../shared/datetime';
import { JsonDiff } from '../components/JsonDiff';
import { LoadError, usePaging } from '../components/table';
import { ApiError, get } from '../lib/api';
import type { TInterfaceLog } from '../../../../shared/api/dingtalk';
import { DINGTALK_API } from '../lib/dingtalk-api';
import { useRequest } from '../lib/useRequest';

export function InterfaceLogPage() {
  const paging = usePaging();
  const [apiQ, setApiQ] = useState('');
  const [ok, setOk] = useState<'true' | 'false'>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [direction, setDirection] = useState<'in' | 'out'>();
  const [errQ, setErrQ] = useState('');
  // the API takes instants; a picked day means that whole day in Shanghai
  const fromDay = range?.[0]?.format('YYYY-MM-DD');
  const toDay = range?.[1]?.format('YYYY-MM-DD');
  const from = fromDay ? startOfShanghaiDay(fromDay).toISOString() : undefined;
  const to = toDay ? endOfShanghaiDay(toDay).toISOString() : undefined;
  const { state } = paging;
  const list = useRequest(
    () =>
      get<TPage<TInterfaceLog>>(DINGTALK_API.interfaceLogs, {
        api: apiQ,
        direction,
        ok,
        q: errQ,
        from,
        to,
        page: state.page,
        pageSize: state.pageSize,
      }),
    [apiQ, direction, ok, errQ, from, to, state.page, state.pageSize],
  );
  const columns: ColumnsType<TInterfaceLog> = [
    {
      title: '时间',
      dataIndex: 'at',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '方向',
      dataIndex: 'direction',
      width: 80,
      render: (v: TInterfaceLog['direction']) =>
        v === 'in' ? <Tag color="purple">回调</Tag> : <Tag color="blue">调用</Tag>,
    },
    {
      title: '接口',
      dataIndex: 'api',
      render: (v: string, r) => (
        <span>
          <span className="muted">{r.method ?? ''} </span>
          {v}
        </span>
      ),
    },
    {
      title: '结果',
      dataIndex: 'ok',
      width: 80,
      render: (v: boolean) => (v ? <Tag color="green">成功</Tag> : <Tag color="red">失败</Tag>),
    },
    {
      title: 'HTTP',
      dataIndex: 'status',
      width: 70,
      align: 'right',
      render: (v: number | null) => <span className="num">{v ?? '—'}</span>,
    },
    {
      title: '耗时',
      dataIndex: 'durationMs',
      width: 90,
      align: 'right',
      render: (v: number | null) => <span className="num">{v === null ? '—' : `${v} ms`}</span>,
    },
    {
      title: '错误',
      dataIndex: 'error',
      ellipsis: true,
      render: (v: string | null) => v ?? <span className="muted">—</span>,
    },
  ];
  const notLanded = list.error instanceof ApiError && list.error.status === 404;
  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          <Input.Search
            allowClear
            placeholder="接口名称，如 accessToken"
            style={{ width: 240 }}
            onSearch={(v) => {
              setApiQ(v.trim());
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="方向"
            style={{ width: 100 }}
            value={direction}
            options={[
              { value: 'out', label: '调用' },
              { value: 'in', label: '回调' },
            ]}
            onChange={(v: 'in' | 'out' | undefined) => {
              setDirection(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="结果"
            style={{ width: 110 }}
            value={ok}
            options={[
              { value: 'true', label: '成功' },
              { value: 'false', label: '失败' },
            ]}
            onChange={(v: 'true' | 'false' | undefined) => {
              setOk(v);
              paging.resetPage();
            }}
          />
          <Input.Search
            allowClear
            placeholder="错误内容或错误码"
            style={{ width: 180 }}
            onSearch={(v) => {
              setErrQ(v.trim());
              paging.resetPage();
            }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => {
              setRange(v);
              paging.resetPage();
            }}
          />
        </div>
        <span className="muted">密钥、令牌等敏感字段在日志中已脱敏</span>
      </div>
      {notLanded ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="接口日志的查询接口尚未上线。" />
      ) : (
        <LoadError error={list.error} what="接口日志" onRetry={list.reload} />
      )}
      {!list.error && (
        <Table<TInterfaceLog>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.loading}
          pagination={paging.pagination(list.data?.total)}
          onChange={paging.onChange}
          expandable={{
            expandedRowRender: (r) => <JsonDiff before={r.request} after={r.response} left="请求" right="响应" />,
          }}
        />
      )}
    </div>
  );
}
