/**
 * 手动-非测算 (manual FAQ "如何进行手动-非测算-利润分配"): the business admin unlocks the batch (解锁编辑); the accountant
 * types the lines (姓名 with 退 / 离 marks, 层级, A 事业合伙本金, B 资金利息, C 其它 with its reason, F 利润) or fills the
 * 导出模板 file and imports it, with the 分配日期, and saves. Every problem comes back at once by row and column and is
 * listed above the editor; nothing is stored unless all lines pass. 送审 locks the lines again.
 */
import {
  DeleteOutlined,
  DownloadOutlined,
  PlusOutlined,
  SaveOutlined,
  UnlockOutlined,
  UploadOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Input, Select, Space, Table, Tooltip, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { TBatchDetail, TManualLine, TRowError } from '../../../../../../shared/api/distributions';
import type { TCapitalHolding } from '../../../../../../shared/api/capital';
import { LEVEL_LABEL, type TLevel } from '../../../../../../shared/api/labels';
import { moneyString } from '../../../../../../shared/money';
import { ApiError, api, download, errorMessage, post, put } from '../../../lib/api';
import { handleSaveError, MoneyInput } from '../common';

const LEVELS: TLevel[] = ['HOLDING', 'GROUP', 'CITY', 'OTHER'];
const EDITABLE = ['DRAFT', 'CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW_DONE'];

type Row = {
  key: number;
  name: string;
  level: TLevel;
  principal: string | null;
  interest: string | null;
  other: string | null;
  otherReason: string;
  profit: string | null;
};

let nextKey = 1;
const blank = (level: TLevel = 'CITY'): Row => ({
  key: nextKey++,
  name: '',
  level,
  principal: null,
  interest: null,
  other: null,
  otherReason: '',
  profit: null,
});

/** The stored lines as typed rows (marks after the name, as the 姓名 cell takes them). */
function rowsOf(batch: TBatchDetail): Row[] {
  return batch.lines.map((l) => ({
    key: nextKey++,
    name: [l.holder === 'PLATFORM' ? '平台公司' : l.name, ...l.marks].join(' '),
    level: l.level,
    principal: l.principal,
    interest: l.interest === '0.00' ? null : l.interest,
    other: l.other === '0.00' ? null : l.other,
    otherReason: l.otherItems.map((o) => o.reason).join('；'),
    profit: l.profit === '0.00' ? null : l.profit,
  }));
}

const toLine = (r: Row): TManualLine => ({
  name: r.name.trim(),
  level: r.level,
  principal: r.principal ?? '0',
  interest: r.interest,
  other: r.other,
  otherReason: r.otherReason.trim() || null,
  profit: r.profit,
});

const rowErrorsOf = (err: unknown): TRowError[] => {
  if (!(err instanceof ApiError)) return [];
  const d = err.details as { errors?: TRowError[] } | TRowError[] | undefined;
  const list = Array.isArray(d) ? d : d?.errors;
  return Array.isArray(list) ? list.filter((e) => typeof e?.message === 'string') : [];
};

export function ManualEditor({
  projectId,
  batch,
  editable,
  reviewer,
  holdings,
  reload,
}: {
  projectId: number;
  batch: TBatchDetail;
  editable: boolean;
  reviewer: boolean;
  holdings: TCapitalHolding[];
  reload: () => Promise<void>;
}) {
  const { message, modal } = App.useApp();
  const url = `/api/projects/${projectId}/distributions/${batch.id}`;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [date, setDate] = useState<Dayjs>(dayjs(batch.date));
  const [errors, setErrors] = useState<TRowError[]>([]);
  /** typed lines' problems name the 序号 (highlighted); a file's name its Excel row */
  const [errorSource, setErrorSource] = useState<'typed' | 'file'>('typed');
  const [busy, setBusy] = useState<string | null>(null);
  const open = EDITABLE.includes(batch.status);
  const shown = rows ?? rowsOf(batch);

  const unlock = () =>
    modal.confirm({
      title: `解锁编辑${batch.name}？`,
      content:
        batch.status === 'DRAFT' || batch.status === 'CALCULATED'
          ? '解锁后经营会计可录入或导入分配明细。解锁记入系统日志。'
          : '解锁后经营会计可修改明细；保存修改后批次退回草稿，须重新送审。解锁记入系统日志。',
      okText: '解锁编辑',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`${url}/unlock`, { version: batch.version });
          message.success(`${batch.name}已解锁编辑`);
          await reload();
        } catch (err) {
          await handleSaveError(err, { message, reload });
        }
      },
    });

  if (!open) return null;
  if (!batch.manualUnlocked) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="manual-locked"
        title={
          reviewer
            ? '手动-非测算批次：解锁编辑后，经营会计可录入或导入分配明细。'
            : '手动-非测算批次：请业务管理员先解锁编辑，再录入或导入分配明细。'
        }
        action={
          reviewer ? (
            <Button size="small" icon={<UnlockOutlined />} onClick={unlock} data-testid="manual-unlock">
              解锁编辑
            </Button>
          ) : undefined
        }
      />
    );
  }
  if (!editable)
    return (
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="已解锁编辑，等待经营会计录入或导入分配明细。" />
    );

  const update = (key: number, patch: Partial<Row>) =>
    setRows(shown.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const fromHoldings = () => {
    const have = new Set(shown.map((r) => `${r.level}:${r.name.split(/\s+/)[0]}`));
    const added = holdings
      .filter((h) => h.paid !== '0.00' || h.committed !== '0.00')
      .map((h) => ({
        ...blank(h.level),
        name: [
          h.holder === 'PLATFORM' ? '平台公司' : h.name,
          ...h.marks.map((m) => (m === 'EXITED' ? '退' : '离')),
        ].join(' '),
        principal: moneyString(h.paid),
      }))
      .filter((r) => !have.has(`${r.level}:${r.name.split(/\s+/)[0]}`));
    setRows([...shown.filter((r) => r.name.trim() || r.principal), ...added]);
    message.success(added.length ? `已填入 ${added.length} 位持有人及其实缴本金` : '持有人均已在明细中');
  };

  const save = async () => {
    setBusy('save');
    setErrors([]);
    try {
      const res = await put<TBatchDetail>(`${url}/lines`, {
        version: batch.version,
        date: date.format('YYYY-MM-DD'),
        lines: shown.map(toLine),
      });
      message.success(`分配明细已保存：${res.lines.length} 行`);
      setRows(null);
      await reload();
    } catch (err) {
      const list = rowErrorsOf(err);
      if (list.length) {
        setErrors(list);
        setErrorSource('typed');
        message.error(`分配明细有 ${list.length} 个问题，未保存`);
      } else await handleSaveError(err, { message, reload });
    } finally {
      setBusy(null);
    }
  };

  const importFile = async (file: File) => {
    setBusy('import');
    setErrors([]);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const res = await api<TBatchDetail>('POST', `${url}/import`, fd, {
        version: batch.version,
        date: date.format('YYYY-MM-DD'),
      });
      message.success(`已导入 ${res.lines.length} 行分配明细`);
      setRows(null);
      await reload();
    } catch (err) {
      const list = rowErrorsOf(err);
      if (list.length) {
        setErrors(list);
        setErrorSource('file');
        message.error(`导入文件有 ${list.length} 个问题，未导入`);
      } else message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const badRows = new Set(errorSource === 'typed' ? errors.map((e) => e.row) : []);
  const money = (field: 'principal' | 'interest' | 'other' | 'profit', label: string, min = '-999999999999') => ({
    title: label,
    key: field,
    width: 132,
    render: (_v: unknown, r: Row, i: number) => (
      <MoneyInput
        value={r[field]}
        min={min}
        onChange={(v) => update(r.key, { [field]: v })}
        aria-label={`${label} 第${i + 1}行`}
      />
    ),
  });
  const columns: ColumnsType<Row> = [
    {
      title: '序号',
      key: 'i',
      width: 56,
      align: 'center',
      fixed: 'left',
      render: (_v, _r, i) => <span className="num">{i + 1}</span>,
    },
    {
      title: '姓名',
      key: 'name',
      width: 150,
      fixed: 'left',
      render: (_v, r, i) => (
        <Input
          value={r.name}
          placeholder="王磊 离 退"
          onChange={(e) => update(r.key, { name: e.target.value })}
          aria-label={`姓名 第${i + 1}行`}
        />
      ),
    },
    {
      title: '层级',
      key: 'level',
      width: 120,
      render: (_v, r, i) => (
        <Select
          value={r.level}
          style={{ width: '100%' }}
          options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))}
          onChange={(v: TLevel) => update(r.key, { level: v })}
          aria-label={`层级 第${i + 1}行`}
        />
      ),
    },
    money('principal', 'A 事业合伙本金', '0'),
    money('interest', 'B 资金利息'),
    money('other', 'C 其它'),
    {
      title: '其它原因',
      key: 'otherReason',
      width: 150,
      render: (_v, r, i) => (
        <Input
          value={r.otherReason}
          maxLength={200}
          onChange={(e) => update(r.key, { otherReason: e.target.value })}
          aria-label={`其它原因 第${i + 1}行`}
        />
      ),
    },
    money('profit', 'F 利润', '0'),
    {
      title: '',
      key: 'op',
      width: 48,
      fixed: 'right',
      render: (_v, r, i) => (
        <Button
          type="text"
          danger
          size="small"
          icon={<DeleteOutlined />}
          aria-label={`删除第${i + 1}行`}
          onClick={() => setRows(shown.filter((x) => x.key !== r.key))}
        />
      ),
    },
  ];

  return (
    <div className="dist-manual" data-testid="manual-editor">
      <div className="toolbar">
        <div className="toolbar-left">
          <Space wrap>
            <span>分配日期</span>
            <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} aria-label="手动分配日期" />
            <Button icon={<PlusOutlined />} onClick={() => setRows([...shown, blank()])}>
              添加一行
            </Button>
            <Button icon={<UserAddOutlined />} onClick={fromHoldings}>
              按持有人填入
            </Button>
          </Space>
        </div>
        <div className="toolbar-right">
          <Space wrap>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                void download(`${url}/template`, `${batch.name}-导入模板.xlsx`).catch((e: unknown) =>
                  message.error(errorMessage(e)),
                )
              }
            >
              导出模板
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                void importFile(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid="manual-import">
                导入
              </Button>
            </Upload>
            <Tooltip title={shown.length ? null : '请先添加明细'}>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                loading={busy === 'save'}
                disabled={!shown.length}
                onClick={() => void save()}
                data-testid="manual-save"
              >
                保存
              </Button>
            </Tooltip>
          </Space>
        </div>
      </div>
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="manual-errors"
          title={
            errorSource === 'typed'
              ? `共 ${errors.length} 个问题，未保存`
              : `导入文件有 ${errors.length} 个问题，未导入（行号为 Excel 中的行号）`
          }
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
              {errors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Table<Row>
        className="biz-table"
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={shown}
        pagination={false}
        scroll={{ x: 'max-content', y: 420 }}
        rowClassName={(_r, i) => (badRows.has(i + 1) ? 'dist-bad-row' : '')}
        locale={{ emptyText: '尚无明细：添加一行、按持有人填入，或导出模板填写后导入' }}
        data-testid="manual-lines"
      />
      <div className="muted" style={{ margin: '8px 0 16px' }}>
        姓名后可加「退」「离」标记；平台公司填「平台公司」。资金利息为 0 或负数；其它不为 0
        时须填原因。保存后即为已测算，可送审； 送审后明细重新锁定。
      </div>
    </div>
  );
}
