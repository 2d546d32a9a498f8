import { App, Alert, AutoComplete, Col, DatePicker, Form, Input, Modal, Row, Select, Switch, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  PROJECT_OPERATORS,
  PROJECT_OPERATOR_LABEL,
  ZProjectCreate,
  ZProjectUpdate,
  type TBatch,
  type TProject,
  type TProjectOperator,
} from '../../../../../shared/api/identity';
import { errorMessage, get, patch, post } from '../../lib/api';
import {
  applyApiErrors,
  blankToUndefined,
  isVersionConflict,
  parseWith,
  VERSION_CONFLICT_TEXT,
  zodRule,
} from '../../lib/forms';
import { isCompany, unitOptions, useWorkspace } from '../../workspace';

interface Values {
  name?: string;
  code?: string;
  orgUnitId?: number;
  acquiredOn?: Dayjs | null;
  batchId?: number | null;
  operator?: TProjectOperator | null;
  acquisitionMethod?: string;
  isJointOperation?: boolean;
  isReserved?: boolean;
  isOpen?: boolean;
}

const FIELDS = [
  'name',
  'code',
  'orgUnitId',
  'acquiredOn',
  'batchId',
  'operator',
  'acquisitionMethod',
  'isJointOperation',
  'isReserved',
  'isOpen',
];

const toValues = (p: TProject): Values => ({
  name: p.name,
  code: p.code ?? undefined,
  orgUnitId: p.orgUnit.id,
  acquiredOn: p.acquiredOn ? dayjs(p.acquiredOn) : null,
  batchId: p.batch?.id ?? null,
  operator: p.operator,
  acquisitionMethod: p.acquisitionMethod ?? undefined,
  isJointOperation: p.isJointOperation,
  isReserved: p.isReserved,
});

export function ProjectFormModal({
  project,
  defaultOrgUnitId,
  batches,
  onClose,
  onSaved,
}: {
  project: TProject | null;
  defaultOrgUnitId?: number;
  batches: TBatch[];
  onClose: () => void;
  /** after saving; a new project is passed (the page says what follows: 授权) */
  onSaved: (created?: TProject) => Promise<void>;
}) {
  const { message } = App.useApp();
  const { tree } = useWorkspace();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<TProject | null>(project);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // batches created from this dialog, before the page's list reloads
  const [created, setCreated] = useState<TBatch[]>([]);
  const allBatches = [...batches, ...created.filter((c) => !batches.some((b) => b.id === c.id))];
  const acquiredOn = Form.useWatch('acquiredOn', form);
  const batchId = Form.useWatch('batchId', form);
  // batches group projects by the month the land was acquired: 拿地时间 2026-12-08 → 「2026年12月」
  const suggested = acquiredOn ? `${acquiredOn.year()}年${acquiredOn.month() + 1}月` : null;
  const suggestedBatch = suggested ? allBatches.find((b) => b.name === suggested) : undefined;
  const [creatingBatch, setCreatingBatch] = useState(false);

  const createSuggestedBatch = async () => {
    if (!suggested) return;
    setCreatingBatch(true);
    try {
      const b = await post<TBatch>('/api/batches', { name: suggested });
      setCreated((list) => [...list, b]);
      form.setFieldValue('batchId', b.id);
      message.success(`已新建批次「${b.name}」并选用`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setCreatingBatch(false);
    }
  };

  const submit = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const common = blankToUndefined({
      name: v.name,
      code: v.code ?? null,
      orgUnitId: v.orgUnitId,
      acquiredOn: v.acquiredOn ? v.acquiredOn.format('YYYY-MM-DD') : null,
      batchId: v.batchId ?? null,
      operator: v.operator ?? null,
      acquisitionMethod: v.acquisitionMethod ?? null,
      isJointOperation: v.isJointOperation ?? false,
      isReserved: v.isReserved ?? false,
    });
    setBusy(true);
    try {
      if (current) {
        const body = parseWith(form, ZProjectUpdate, { ...common, version: current.version });
        if (!body) return;
        await patch<TProject>(`/api/projects/${current.id}`, body);
        message.success('项目已保存');
      } else {
        const body = parseWith(form, ZProjectCreate, { ...common, isOpen: v.isOpen ?? false });
        if (!body) return;
        const created = await post<TProject>('/api/projects', body);
        message.success(`项目「${created.name}」已创建`);
        await onSaved(created);
        return;
      }
      await onSaved();
    } catch (err) {
      if (current && isVersionConflict(err)) {
        const fresh = await get<TProject>(`/api/projects/${current.id}`).catch(() => null);
        if (fresh) {
          setCurrent(fresh);
          form.setFieldsValue(toValues(fresh));
        }
        setError(VERSION_CONFLICT_TEXT);
      } else if (!applyApiErrors(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const companyDefault = defaultOrgUnitId && findUnit(tree, defaultOrgUnitId) ? defaultOrgUnitId : undefined;

  return (
    <Modal
      open
      title={current ? `编辑项目 · ${current.name}` : '新建项目'}
      width={720}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          current
            ? toValues(current)
            : { orgUnitId: companyDefault, isOpen: false, isJointOperation: false, isReserved: false }
        }
        onValuesChange={(changed: Partial<Values>) => {
          // picking 拿地时间 selects the batch of that month when it exists and none is chosen yet
          const d = changed.acquiredOn;
          if (!d || form.getFieldValue('batchId')) return;
          const hit = allBatches.find((b) => b.name === `${d.year()}年${d.month() + 1}月`);
          if (hit) form.setFieldValue('batchId', hit.id);
        }}
      >
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="name" label="项目名称" required rules={[zodRule(ZProjectCreate, 'name')]}>
              <Input placeholder="如：江阴项目" maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="code" label="项目编码" rules={[zodRule(ZProjectCreate, 'code')]}>
              <Input placeholder="主数据编码（可选）" maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="orgUnitId"
              label="城市公司"
              required
              rules={[zodRule(ZProjectCreate, 'orgUnitId', '请选择城市公司')]}
              extra="城市公司在「组织」中维护"
            >
              <TreeSelect
                treeData={unitOptions(tree, isCompany)}
                treeDefaultExpandAll
                placeholder="选择城市公司或直属项目公司"
                showSearch
                treeNodeFilterProp="title"
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="acquiredOn" label="拿地时间">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item
              name="batchId"
              label="批次"
              extra={
                suggested && !suggestedBatch && !batchId ? (
                  <span data-testid="batch-suggestion">
                    还没有「{suggested}」批次，
                    <a onClick={() => void createSuggestedBatch()} aria-disabled={creatingBatch}>
                      新建并选用
                    </a>
                  </span>
                ) : (
                  '按拿地月份归集项目；选择拿地时间后自动选用当月批次'
                )
              }
            >
              <Select
                allowClear
                placeholder={allBatches.length ? '选择批次' : '尚无批次：选择拿地时间后可直接新建'}
                options={allBatches.map((b) => ({ value: b.id, label: b.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="operator" label="操盘方">
              <Select
                allowClear
                placeholder="选择操盘方"
                options={PROJECT_OPERATORS.map((o) => ({ value: o, label: PROJECT_OPERATOR_LABEL[o] }))}
              />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="acquisitionMethod" label="取得方式" rules={[zodRule(ZProjectCreate, 'acquisitionMethod')]}>
              <AutoComplete
                placeholder="如：招拍挂"
                options={['招拍挂', '收并购', '合作开发', '股权收购'].map((value) => ({ value }))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Row>
              <Col span={8}>
                <Form.Item name="isJointOperation" label="合作操盘" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="isReserved" label="预留" valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              {!current && (
                <Col span={8}>
                  <Form.Item name="isOpen" label="开放" valuePropName="checked" tooltip="开放表示项目生效">
                    <Switch />
                  </Form.Item>
                </Col>
              )}
            </Row>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

function findUnit(tree: ReturnType<typeof useWorkspace>['tree'], id: number): boolean {
  return tree.some((n) => (n.id === id && isCompany(n)) || findUnit(n.children, id));
}
