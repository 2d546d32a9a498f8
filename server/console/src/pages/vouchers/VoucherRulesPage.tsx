/**
 * 后台管理 → 凭证规则: per kind of money movement the voucher word, one voucher per movement or per batch, the debit
 * and credit accounts with their 辅助核算, and the summary template — the group's default (built-in until saved) or
 * an entity's own (城市公司 / 直属项目公司). Saved by the system admin; every save is in 系统日志.
 */
import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import type { TOrgTreeNode } from '../../../../../shared/api/identity';
import {
  VOUCHER_AUX_ITEMS,
  VOUCHER_AUX_LABEL,
  VOUCHER_GROUPING_LABEL,
  VOUCHER_GROUPINGS,
  VOUCHER_MOVEMENT_KIND_LABEL,
  VOUCHER_SUMMARY_PLACEHOLDERS,
  VOUCHER_WORDS,
  type TVoucherRule,
  type TVoucherRuleSet,
} from '../../../../../shared/api/vouchers';
import { errorMessage, get, post, put } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import { useWorkspace } from '../../workspace';

type RuleView = TVoucherRuleSet['rules'][number];
const SOURCE_LABEL = { DEFAULT: '系统默认', GROUP: '集团默认', ENTITY: '本主体' } as const;

function entitiesOf(nodes: TOrgTreeNode[]): Array<{ id: number; name: string }> {
  return nodes.flatMap((n) => [
    ...((n.kind === 'CITY' || n.kind === 'DIRECT') && n.projectCount > 0 ? [{ id: n.id, name: n.name }] : []),
    ...entitiesOf(n.children),
  ]);
}

const account = (a: TVoucherRule['debit']) => (
  <span>
    {a.code} {a.name}
    {a.aux.map((x) => (
      <Tag key={x} style={{ marginInlineStart: 4 }}>
        {VOUCHER_AUX_LABEL[x]}
      </Tag>
    ))}
  </span>
);

export function VoucherRulesPage() {
  const { message } = App.useApp();
  const { tree } = useWorkspace();
  const entities = useMemo(() => entitiesOf(tree), [tree]);
  const [entityId, setEntityId] = useState<number | null>(null);
  const rules = useRequest(() => get<TVoucherRuleSet>('/api/voucher-rules', { entityId }), [entityId]);
  const [editing, setEditing] = useState<RuleView>();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<TVoucherRule>();

  const save = async () => {
    const values = await form.validateFields();
    if (!editing) return;
    setSaving(true);
    try {
      // a rule the entity does not have yet starts at version 0 (so does a group rule never saved)
      const version = editing.source === (entityId === null ? 'GROUP' : 'ENTITY') ? editing.version : 0;
      await put('/api/voucher-rules', { entityId, version, rule: { ...values, kind: editing.kind } });
      message.success('凭证规则已保存');
      setEditing(undefined);
      await rules.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const reset = async (r: RuleView) => {
    try {
      await post('/api/voucher-rules/reset', { entityId, kind: r.kind, version: r.version });
      message.success('已恢复集团默认');
      await rules.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: ColumnsType<RuleView> = [
    {
      title: '业务类型',
      dataIndex: 'kind',
      width: 120,
      fixed: 'left',
      render: (k: RuleView['kind']) => VOUCHER_MOVEMENT_KIND_LABEL[k],
    },
    { title: '来源', dataIndex: 'source', width: 90, render: (s: RuleView['source']) => <Tag>{SOURCE_LABEL[s]}</Tag> },
    { title: '凭证字', dataIndex: 'word', width: 70 },
    {
      title: '生成方式',
      dataIndex: 'grouping',
      width: 90,
      render: (g: RuleView['grouping']) => VOUCHER_GROUPING_LABEL[g],
    },
    { title: '借方科目', key: 'debit', width: 250, render: (_, r) => account(r.debit) },
    { title: '贷方科目', key: 'credit', width: 250, render: (_, r) => account(r.credit) },
    { title: '摘要模板', dataIndex: 'summaryTemplate', width: 220 },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      fixed: 'right',
      render: (_, r) => (
        <Space>
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              setEditing(r);
              form.setFieldsValue({
                word: r.word,
                grouping: r.grouping,
                debit: r.debit,
                credit: r.credit,
                summaryTemplate: r.summaryTemplate,
              });
            }}
          >
            编辑
          </Button>
          {entityId !== null && r.source === 'ENTITY' && (
            <Popconfirm
              title="删除本主体的规则，恢复集团默认？"
              onConfirm={() => reset(r)}
              okText="恢复"
              cancelText="取消"
            >
              <Button size="small" icon={<UndoOutlined />}>
                恢复默认
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const accountFields = (side: 'debit' | 'credit', title: string) => (
    <Space align="start" wrap>
      <Form.Item
        label={`${title}科目编码`}
        name={[side, 'code']}
        rules={[{ required: true, message: '请填写科目编码' }]}
      >
        <Input style={{ width: 140 }} maxLength={40} />
      </Form.Item>
      <Form.Item
        label={`${title}科目名称`}
        name={[side, 'name']}
        rules={[{ required: true, message: '请填写科目名称' }]}
      >
        <Input style={{ width: 240 }} maxLength={100} />
      </Form.Item>
      <Form.Item label="辅助核算" name={[side, 'aux']}>
        <Checkbox.Group options={VOUCHER_AUX_ITEMS.map((a) => ({ value: a, label: VOUCHER_AUX_LABEL[a] }))} />
      </Form.Item>
    </Space>
  );

  return (
    <div data-testid="voucher-rules-page">
      <Space style={{ marginBottom: 12 }} wrap>
        <span>核算主体</span>
        <Select
          style={{ width: 360 }}
          value={entityId ?? 0}
          onChange={(v) => setEntityId(v === 0 ? null : v)}
          options={[
            { value: 0, label: '集团默认（各核算主体未单独设置时使用）' },
            ...entities.map((e) => ({ value: e.id, label: e.name })),
          ]}
        />
        <Typography.Text type="secondary">
          摘要模板可用：{VOUCHER_SUMMARY_PLACEHOLDERS.join(' ')}
          。规则变更后，已生成凭证在下次生成时红字冲销并按新规则重新生成。
        </Typography.Text>
      </Space>
      <Table<RuleView>
        rowKey="kind"
        size="middle"
        loading={rules.loading}
        columns={columns}
        dataSource={rules.data?.rules ?? []}
        pagination={false}
        scroll={{ x: 1400 }}
      />
      <Modal
        width={820}
        open={!!editing}
        title={
          editing
            ? `编辑凭证规则：${VOUCHER_MOVEMENT_KIND_LABEL[editing.kind]}（${rules.data?.entityName ?? '集团默认'}）`
            : ''
        }
        onCancel={() => setEditing(undefined)}
        onOk={() => void save()}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Space wrap>
            <Form.Item label="凭证字" name="word" rules={[{ required: true }]}>
              <Radio.Group options={VOUCHER_WORDS.map((w) => ({ value: w, label: w }))} optionType="button" />
            </Form.Item>
            <Form.Item label="生成方式" name="grouping" rules={[{ required: true }]}>
              <Radio.Group
                options={VOUCHER_GROUPINGS.map((g) => ({ value: g, label: VOUCHER_GROUPING_LABEL[g] }))}
                optionType="button"
              />
            </Form.Item>
          </Space>
          {accountFields('debit', '借方')}
          {accountFields('credit', '贷方')}
          <Form.Item label="摘要模板" name="summaryTemplate" rules={[{ required: true, message: '请填写摘要模板' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
