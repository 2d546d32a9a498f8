/**
 * Corrections of a round after it was opened: the 认购截止 and 缴款截止 dates (partners are told), a partner line's
 * level, category and limits before 测算, 提前截止认购 (with a reason when not everyone answered), and the receipt a
 * partner uploaded with 我已打款 (viewed or downloaded in 缴款).
 */
import { DownloadOutlined, FileImageOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Spin } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ZCloseSubscriptions, ZRoundDatesEdit, ZRoundPartnerEdit } from '../../../../../shared/api/capital';
import {
  CATEGORIES,
  CATEGORY_LABEL,
  LEVEL_LABEL,
  LEVELS,
  type TCategory,
  type TLevel,
} from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { errorMessage, fetchFile, patch, post, saveFile } from '../../lib/api';
import { parseWith } from '../../lib/forms';
import { clearErrors, fieldDetails, handleSaveError, markFields, MoneyInput } from './common';
import type { TDue } from '../../../../../shared/api/payments';
import type { TRound, TRoundLine } from '../../../../../shared/api/subscription';

// ---- 认购截止 / 缴款截止 ----------------------------------------------------------------------------------------

export function RoundDatesModal({
  projectId,
  round,
  onClose,
  onSaved,
}: {
  projectId: number;
  round: TRound;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ deadline?: Dayjs | null; dueDate?: Dayjs | null; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // the deadline moves until 测算, the due date until the 缴款通知 went out
  const deadlineOpen = round.status === 'DRAFT' || round.status === 'OPEN';
  const submit = async () => {
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const deadline = deadlineOpen && v.deadline && !v.deadline.isSame(dayjs(round.deadline)) ? v.deadline : null;
    const dueDate = v.dueDate && v.dueDate.format('YYYY-MM-DD') !== round.dueDate ? v.dueDate : null;
    if (!deadline && !dueDate) {
      setError('请修改认购截止时间或缴款截止日');
      return;
    }
    const body = parseWith(form, ZRoundDatesEdit, {
      version: round.version,
      deadline: deadline ? deadline.format() : undefined,
      dueDate: dueDate ? dueDate.format('YYYY-MM-DD') : undefined,
      reason: v.reason?.trim() || undefined,
    });
    if (!body) return;
    setBusy(true);
    try {
      await patch(`/api/projects/${projectId}/rounds/${round.id}/dates`, body);
      message.success('日期已修改，已通知名单中的合伙人');
      await onSaved();
    } catch (err) {
      const details = fieldDetails(err).filter((d) => ['deadline', 'dueDate', 'reason'].includes(d.path));
      if (details.length)
        markFields(
          form,
          details.map((d) => ({ name: d.path, errors: [d.message] })),
        );
      else setError(await handleSaveError(err, { message, reload: onSaved }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`修改日期 · ${round.title}`}
      okText="保存并通知"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="保存后系统通过钉钉工作通知告知名单中的合伙人新的日期。"
      />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ deadline: dayjs(round.deadline), dueDate: round.dueDate ? dayjs(round.dueDate) : null }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="deadline"
              label="认购截止时间"
              extra={deadlineOpen ? `原为 ${formatDateTime(round.deadline)}` : '测算后不能再修改认购截止时间'}
            >
              <DatePicker
                showTime
                format="YYYY-MM-DD HH:mm:ss"
                style={{ width: '100%' }}
                disabled={!deadlineOpen}
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item
              name="dueDate"
              label="缴款截止日"
              extra={round.dueDate ? `原为 ${round.dueDate}` : '原按缴款期限'}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs().startOf('day'))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label="修改原因">
          <Input maxLength={200} placeholder="如：项目节点推迟，认购延长一周" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- 合伙人行（测算前） -------------------------------------------------------------------------------------

interface LineValues {
  level?: TLevel;
  category?: TCategory;
  minAmount?: string | null;
  maxAmount?: string | null;
  reason?: string;
}
const LINE_FIELDS = ['level', 'category', 'minAmount', 'maxAmount', 'reason'];

export function PartnerLineModal({
  projectId,
  roundId,
  line,
  onClose,
  onSaved,
}: {
  projectId: number;
  roundId: number;
  line: TRoundLine;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<LineValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZRoundPartnerEdit, {
      version: line.version,
      level: v.level !== line.level ? v.level : undefined,
      category: v.category !== line.category ? v.category : undefined,
      minAmount: v.minAmount ?? undefined,
      maxAmount: v.maxAmount ?? undefined,
      reason: v.reason?.trim() || undefined,
    });
    if (!body) return;
    setBusy(true);
    try {
      await patch(`/api/projects/${projectId}/rounds/${roundId}/partners/${line.id}/terms`, body);
      message.success(`${line.user.name} 的认购条件已修改`);
      await onSaved();
    } catch (err) {
      const details = fieldDetails(err).filter((d) => LINE_FIELDS.includes(d.path));
      if (details.length)
        markFields(
          form,
          details.map((d) => ({ name: d.path, errors: [d.message] })),
        );
      else setError(await handleSaveError(err, { message, reload: onSaved }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`修改认购条件 · ${line.user.name}`}
      width={600}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          level: line.level,
          category: line.category,
          minAmount: line.minAmount,
          maxAmount: line.maxAmount,
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="level" label="层级">
              <Select options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label="类别">
              <Radio.Group
                optionType="button"
                options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="minAmount" label="认购下限（元）">
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="maxAmount" label="认购上限（元）">
              <MoneyInput />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label="修改原因" extra="记入系统日志">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- 提前截止认购 ------------------------------------------------------------------------------------------

export function CloseSubscriptionsModal({
  projectId,
  round,
  waiting,
  onClose,
  onDone,
}: {
  projectId: number;
  round: TRound;
  /** partners who have not answered yet */
  waiting: number;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    clearErrors(form);
    const reason = form.getFieldValue('reason')?.trim() as string | undefined;
    if (waiting > 0 && !reason) {
      form.setFields([{ name: 'reason', errors: [`还有 ${waiting} 位合伙人未认购，请填写提前截止的原因`] }]);
      return;
    }
    const body = parseWith(form, ZCloseSubscriptions, { version: round.version, reason: reason || undefined });
    if (!body) return;
    setBusy(true);
    try {
      await post(`/api/projects/${projectId}/rounds/${round.id}/close-subscriptions`, body);
      message.success('认购已提前截止，可以进行测算');
      await onDone();
    } catch (err) {
      const details = fieldDetails(err).filter((d) => d.path === 'reason');
      if (details.length) form.setFields([{ name: 'reason', errors: details.map((d) => d.message) }]);
      else await handleSaveError(err, { message, reload: onDone });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`提前截止认购 · ${round.title}`}
      okText="确认截止"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        原定截止 <span className="num">{formatDateTime(round.deadline)}</span>
        。截止后合伙人不能再认购或修改，即可测算。
      </p>
      {waiting > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`还有 ${waiting} 位合伙人未认购，提前截止视为其放弃本轮认购。`}
        />
      )}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="提前截止原因" required={waiting > 0}>
          <Input.TextArea rows={2} maxLength={200} placeholder="如：未认购的合伙人均已电话确认放弃" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- 打款凭证 ---------------------------------------------------------------------------------------------

/**
 * The receipts a partner uploaded with 我已打款 (newest first): an image is shown, any file can be downloaded. The
 * accountant's 缴款确认 is what counts; the receipt is for checking against the bank statement.
 */
export function ReceiptModal({ projectId, due, onClose }: { projectId: number; due: TDue; onClose: () => void }) {
  const receipts = [...due.receipts].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const [picked, setPicked] = useState<number | null>(receipts[0]?.id ?? null);
  const [file, setFile] = useState<{ id: number; url: string; blob: Blob; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = due.user?.name ?? `#${due.userId}`;
  useEffect(() => {
    if (picked === null) return;
    let url: string | null = null;
    let gone = false;
    setError(null);
    fetchFile(`/api/projects/${projectId}/payments/${due.id}/receipt`, `${name}-付款凭证`, { receiptId: picked }).then(
      (f) => {
        if (gone) return;
        url = URL.createObjectURL(f.blob);
        setFile({ id: picked, url, blob: f.blob, name: f.name });
      },
      (err: unknown) => {
        if (!gone) setError(errorMessage(err));
      },
    );
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [projectId, due.id, name, picked]);
  const shown = file && file.id === picked ? file : null;
  const image = shown?.blob.type.startsWith('image/');
  return (
    <Modal
      open
      width={760}
      title={`付款凭证 · ${name}`}
      onCancel={onClose}
      footer={[
        <Button
          key="dl"
          icon={<DownloadOutlined />}
          disabled={!shown}
          onClick={() => shown && saveFile(shown.blob, shown.name)}
          data-testid="receipt-download"
        >
          下载
        </Button>,
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
      ]}
    >
      <p className="muted">
        {due.partnerMarkedPaidAt ? `合伙人于 ${formatDateTime(due.partnerMarkedPaidAt)} 标记「我已打款」。` : ''}
        凭证仅供核对，以实际到账为准。
      </p>
      {receipts.length > 1 && (
        <Select
          style={{ minWidth: 320, marginBottom: 12 }}
          value={picked ?? undefined}
          aria-label="选择凭证"
          onChange={(v: number) => setPicked(v)}
          options={receipts.map((r, i) => ({
            value: r.id,
            label: `${i === 0 ? '最新 · ' : ''}${r.fileName}（${formatDateTime(r.createdAt)}）`,
          }))}
        />
      )}
      {!receipts.length && <Alert type="info" showIcon title="合伙人标记了「我已打款」，但没有上传凭证。" />}
      {error && <Alert type="error" showIcon title={error} />}
      {receipts.length > 0 && !shown && !error && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {shown && image && (
        <img
          src={shown.url}
          alt={`${name} 的付款凭证`}
          data-testid="receipt-image"
          style={{ display: 'block', maxWidth: '100%', maxHeight: 560, margin: '0 auto', border: '1px solid #f0f0f0' }}
        />
      )}
      {shown && !image && (
        <div style={{ textAlign: 'center', padding: 24 }} data-testid="receipt-file">
          <FileImageOutlined style={{ fontSize: 40, color: '#8c8c8c' }} />
          <div style={{ marginTop: 8 }}>{shown.name}（请下载后查看）</div>
        </div>
      )}
    </Modal>
  );
}
