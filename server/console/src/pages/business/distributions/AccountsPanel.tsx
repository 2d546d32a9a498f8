/**
 * 分配账户 (quick guide 7.1.1–7.1.2): the project's partners with their account (number masked) and its state
 * 未填写 / 待确认 / 已确认 / 待接受更正; the accountant enters or edits one, sends 分配账户确认 notices to the
 * partners picked, and accepts a partner's correction.
 */
import {
  CheckOutlined,
  DownloadOutlined,
  EditOutlined,
  ReloadOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Space, Table, Tooltip, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import {
  ZBankAccountInput,
  type TAccountImportResult,
  type TDistributionAccountRow,
  type TRowError,
} from '../../../../../../shared/api/distributions';
import type { TBankAccount } from '../../../../../../shared/api/me';
import { formatDateTime } from '../../../../../../shared/datetime';
import { LoadError, notReady } from '../../../components/table';
import { ApiError, download, errorMessage, get, post, put } from '../../../lib/api';
import { parseWith } from '../../../lib/forms';
import { useRequest } from '../../../lib/useRequest';
import { handleSaveError } from '../common';
import { AccountStateTag, type TAccountState } from './shared';

const stateOf = (r: TDistributionAccountRow): TAccountState => r.status ?? 'NONE';

const accountText = (a: TBankAccount) => `${a.accountName} · ${a.bankName}${a.branchName ? ` ${a.branchName}` : ''}`;

export function AccountsPanel({ projectId, editable }: { projectId: number; editable: boolean }) {
  const { message, modal } = App.useApp();
  const list = useRequest(
    () => get<TDistributionAccountRow[]>(`/api/projects/${projectId}/distribution-accounts`),
    [projectId],
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [editing, setEditing] = useState<TDistributionAccountRow | null>(null);
  const [importing, setImporting] = useState(false);
  const [importErrors, setImportErrors] = useState<TRowError[]>([]);

  /** 导入: every row checked; all or nothing, each problem by row. */
  const importFile = async (file: File) => {
    setImporting(true);
    setImportErrors([]);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const res = await post<TAccountImportResult>(`/api/projects/${projectId}/distribution-accounts/import`, fd);
      message.success(
        `已导入 ${res.imported} 个分配账户${res.unchanged ? `，${res.unchanged} 个未变化` : ''}，待合伙人确认`,
      );
      await list.reload();
    } catch (err) {
      const d = err instanceof ApiError ? (err.details as { errors?: TRowError[] } | undefined) : undefined;
      if (d?.errors?.length) {
        setImportErrors(d.errors);
        message.error(`导入文件有 ${d.errors.length} 个问题，未导入`);
      } else message.error(errorMessage(err));
    } finally {
      setImporting(false);
    }
  };
  const rows = list.data ?? [];
  const counts = rows.reduce<Record<TAccountState, number>>(
    (acc, r) => ({ ...acc, [stateOf(r)]: acc[stateOf(r)] + 1 }),
    { NONE: 0, UNCONFIRMED: 0, CONFIRMED: 0, CORRECTION_PENDING: 0 },
  );

  const sendConfirmations = () => {
    const picked = rows.filter((r) => selected.includes(r.userId));
    const withAccount = picked.filter((r) => r.account);
    modal.confirm({
      title: '发送分配账户确认通知？',
      content: (
        <div>
          将向 <b className="num">{withAccount.length}</b>{' '}
          位合伙人发送钉钉工作通知，请其在「事业合伙」小程序中核对并确认分配账户。
          {picked.length > withAccount.length && (
            <div className="muted" style={{ marginTop: 8 }}>
              {picked.length - withAccount.length}{' '}
              位尚未填写账户，不会发送（请先登记账户，或由合伙人在小程序中自行填写）。
            </div>
          )}
        </div>
      ),
      okText: '确认发送',
      cancelText: '取消',
      onOk: async () => {
        try {
          const res = await post<{ recipients: number; skipped: number }>(
            `/api/projects/${projectId}/distribution-accounts/confirm-requests`,
            { userIds: selected },
          );
          message.success(
            `分配账户确认通知已发送 ${res.recipients} 人${res.skipped ? `，${res.skipped} 人未发送（未填写账户或已确认）` : ''}`,
          );
          setSelected([]);
          await list.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: list.reload });
        }
      },
    });
  };

  const acceptCorrection = (r: TDistributionAccountRow) => {
    modal.confirm({
      title: `接受${r.name}提交的账户更正？`,
      content: (
        <div>
          <div>
            原账户：{r.account ? `${accountText(r.account)} ` : '—'}
            <span className="num">{r.account?.accountNo}</span>
          </div>
          <div>
            更正为：{r.pending ? `${accountText(r.pending)} ` : '—'}
            <span className="num">{r.pending?.accountNo}</span>
          </div>
          <div className="muted" style={{ marginTop: 8 }}>
            接受后以更正后的账户发放分配款，并记入系统日志。
          </div>
        </div>
      ),
      okText: '接受更正',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/projects/${projectId}/distribution-accounts/${r.userId}/accept-correction`, {
            version: r.version,
          });
          message.success(`已接受${r.name}的账户更正`);
          await list.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: list.reload });
        }
      },
    });
  };

  const columns: ColumnsType<TDistributionAccountRow> = [
    {
      title: '序号',
      key: 'i',
      width: 60,
      align: 'center',
      fixed: 'left',
      render: (_v, _r, i) => <span className="num">{i + 1}</span>,
    },
    { title: '姓名', dataIndex: 'name', width: 100, fixed: 'left' },
    { title: '状态', key: 'state', width: 110, render: (_v, r) => <AccountStateTag state={stateOf(r)} /> },
    { title: '户名', key: 'an', width: 110, render: (_v, r) => r.account?.accountName ?? '' },
    {
      title: '开户行',
      key: 'bank',
      width: 200,
      ellipsis: true,
      render: (_v, r) =>
        r.account ? `${r.account.bankName}${r.account.branchName ? ` ${r.account.branchName}` : ''}` : '',
    },
    {
      title: '账号',
      key: 'no',
      width: 190,
      render: (_v, r) => <span className="num">{r.account?.accountNo ?? ''}</span>,
    },
    {
      title: '确认 / 通知',
      key: 'when',
      width: 200,
      render: (_v, r) =>
        r.confirmedAt ? (
          <span className="num">{formatDateTime(r.confirmedAt)} 确认</span>
        ) : r.confirmationRequestedAt ? (
          <span className="num muted">{formatDateTime(r.confirmationRequestedAt)} 已通知</span>
        ) : (
          ''
        ),
    },
    {
      title: '更正为',
      key: 'pending',
      width: 210,
      render: (_v, r) =>
        r.pending ? (
          <Tooltip title={accountText(r.pending)}>
            <span className="num">{r.pending.accountNo}</span>
          </Tooltip>
        ) : (
          ''
        ),
    },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'op',
            width: 170,
            fixed: 'right' as const,
            render: (_v: unknown, r: TDistributionAccountRow) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(r)}
                  aria-label={`编辑 ${r.name} 的分配账户`}
                >
                  {r.account ? '编辑' : '登记'}
                </Button>
                {r.status === 'CORRECTION_PENDING' && (
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => acceptCorrection(r)}
                    aria-label={`接受 ${r.name} 的更正`}
                  >
                    接受更正
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const waiting = notReady(list, '分配账户');
  if (waiting) return waiting;
  return (
    <div data-testid="accounts-panel">
      <div className="toolbar">
        <div className="toolbar-left muted">
          共 {rows.length} 人：已确认 {counts.CONFIRMED}，待确认 {counts.UNCONFIRMED}，待接受更正{' '}
          {counts.CORRECTION_PENDING}，未填写 {counts.NONE}。发放登记只发往已确认的账户。
        </div>
        <div className="toolbar-right">
          {editable && (
            <>
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  void download(
                    `/api/projects/${projectId}/distribution-accounts/template`,
                    '分配账户导入模板.xlsx',
                  ).catch((e: unknown) => message.error(errorMessage(e)))
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
                <Button icon={<UploadOutlined />} loading={importing}>
                  导入
                </Button>
              </Upload>
            </>
          )}
          {editable && (
            <Tooltip title={selected.length ? null : '请先勾选合伙人'}>
              <Button
                type="primary"
                icon={<SendOutlined />}
                disabled={!selected.length}
                onClick={sendConfirmations}
                data-testid="send-account-confirm"
              >
                发送分配账户确认通知{selected.length ? `（${selected.length}）` : ''}
              </Button>
            </Tooltip>
          )}
          <Button icon={<ReloadOutlined />} aria-label="刷新分配账户" onClick={() => void list.reload()} />
        </div>
      </div>
      <LoadError error={list.error} what="分配账户" onRetry={list.reload} />
      {importErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportErrors([])}
          style={{ marginBottom: 12 }}
          title={`导入文件有 ${importErrors.length} 个问题，未导入`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 200, overflow: 'auto' }}>
              {importErrors.map((e, i) => (
                <li key={i}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Table<TDistributionAccountRow>
        className="biz-table dist-nowrap"
        rowKey="userId"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.loading && !list.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="accounts-table"
        locale={{ emptyText: '本项目尚无合伙人' }}
        rowSelection={
          editable
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
                getCheckboxProps: (r) => ({
                  disabled: !r.account || r.status === 'CONFIRMED',
                  'aria-label': `选择 ${r.name}`,
                }),
              }
            : undefined
        }
      />
      {editing && (
        <AccountModal
          projectId={projectId}
          row={editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await list.reload();
          }}
        />
      )}
    </div>
  );
}

type AccountForm = { accountName: string; bankName: string; branchName?: string; accountNo: string };

function AccountModal({
  projectId,
  row,
  onClose,
  onSaved,
}: {
  projectId: number;
  row: TDistributionAccountRow;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AccountForm>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body = parseWith(form, ZBankAccountInput, { ...values, branchName: values.branchName || null });
    if (!body) return;
    setSaving(true);
    try {
      await put(`/api/projects/${projectId}/distribution-accounts/${row.userId}`, {
        ...body,
        version: row.version ?? undefined,
      });
      message.success(`${row.name}的分配账户已保存，待合伙人确认`);
      await onSaved();
    } catch (err) {
      await handleSaveError(err, {
        form,
        fields: ['accountName', 'bankName', 'branchName', 'accountNo'],
        message,
      });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${row.account ? '编辑' : '登记'}分配账户 · ${row.name}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          accountName: row.account?.accountName ?? row.name,
          bankName: row.account?.bankName ?? '',
          branchName: row.account?.branchName ?? '',
          accountNo: '',
        }}
      >
        <Form.Item name="accountName" label="户名" rules={[{ required: true, message: '请填写户名' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="bankName" label="开户行" rules={[{ required: true, message: '请填写开户行' }]}>
          <Input maxLength={100} placeholder="如：中国工商银行" />
        </Form.Item>
        <Form.Item name="branchName" label="支行">
          <Input maxLength={100} placeholder="如：江阴支行" />
        </Form.Item>
        <Form.Item
          name="accountNo"
          label="账号"
          extra={row.account ? `当前账号 ${row.account.accountNo}；保存须重新输入完整账号。` : undefined}
          rules={[{ required: true, message: '请填写完整账号' }]}
        >
          <Input maxLength={40} inputMode="numeric" autoComplete="off" placeholder="8–30 位数字，可含空格" />
        </Form.Item>
      </Form>
      <div className="muted">保存后账户状态为「待确认」，可向合伙人发送分配账户确认通知。</div>
    </Modal>
  );
}
