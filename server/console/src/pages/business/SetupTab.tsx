/** 立项: 基础信息, 股权合作, 立项信息 (ratios as %, level caps computed live), 关键节点, 盈利指标 — quick guide 2.1.1–2.1.5. */
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  type FormInstance,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  LEVEL_LABEL,
  LEVELS,
  MILESTONE_KINDS,
  MILESTONE_LABEL,
  ZBasics,
  ZIndicators,
  ZMilestones,
  ZScheme,
  ZShareholders,
  type TLevel,
} from '../../../../../shared/api/scheme';
import { formatDateTime, shanghaiDay } from '../../../../../shared/datetime';
import { dec, formatMoney, formatRatio, sumMoney, type Dec } from '../../../../../shared/money';
import { schemeSettingHelp, type SettingHelp } from '../../../../../shared/scheme-help';
import { levelCaps, totalCap, type SchemeTerms } from '../../../../../shared/scheme-math';
import { put } from '../../lib/api';
import { blankToUndefined, parseWith } from '../../lib/forms';
import {
  fieldDetails,
  handleSaveError,
  MoneyInput,
  PctInput,
  pctToRatio,
  ratioToPct,
  safeDec,
  markFields,
  clearErrors,
} from './common';
import {
  LATE_ENTRY_PRICING_LABEL,
  LATE_ENTRY_PRICINGS,
  type TLateEntryPricing,
  type TMilestoneKind,
} from '../../../../../shared/api/labels';
import type { TSetup } from '../../../../../shared/api/scheme';

interface Props {
  projectId: number;
  setup: TSetup | undefined;
  editable: boolean;
  reload: () => Promise<void>;
  /** the section to open (a next step's link names it), else 立项信息 */
  section?: string | null;
}

const SECTIONS = ['basics', 'shareholders', 'scheme', 'milestones', 'indicators'];

export function SetupTab(props: Props) {
  const [tab, setTab] = useState(props.section && SECTIONS.includes(props.section) ? props.section : 'scheme');
  const { setup } = props;
  const marks = {
    basics: !!setup?.basics,
    shareholders: !!setup?.shareholders.length,
    scheme: !!setup?.scheme,
    milestones: !!setup?.milestones.length,
    indicators: !!setup?.indicators,
  };
  const label = (text: string, done: boolean) => (
    <span>
      {text}
      {done ? '' : <Tag style={{ marginLeft: 6, marginInlineEnd: 0 }}>未填写</Tag>}
    </span>
  );
  return (
    <div>
      {!props.editable && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="立项资料由被授权的经营会计填写；您可以查看。" />
      )}
      <Tabs
        tabPlacement="start"
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: 'basics', label: label('基础信息', marks.basics), children: <BasicsForm {...props} /> },
          {
            key: 'shareholders',
            label: label('股权合作', marks.shareholders),
            children: <ShareholdersForm {...props} />,
          },
          { key: 'scheme', label: label('立项信息', marks.scheme), children: <SchemeForm {...props} /> },
          { key: 'milestones', label: label('关键节点', marks.milestones), children: <MilestonesForm {...props} /> },
          { key: 'indicators', label: label('盈利指标', marks.indicators), children: <IndicatorsForm {...props} /> },
        ]}
      />
    </div>
  );
}

function SaveBar({
  busy,
  editable,
  onSave,
  note,
  testId,
}: {
  busy: boolean;
  editable: boolean;
  onSave: () => void;
  note?: string;
  testId: string;
}) {
  if (!editable) return null;
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginTop: 8 }}>
      <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={onSave} data-testid={testId}>
        保存
      </Button>
      {note && <span className="muted">{note}</span>}
    </div>
  );
}

// ---- 基础信息 ---------------------------------------------------------------------------------------------

const BASICS_FIELDS = [
  'address',
  'landArea',
  'floorArea',
  'saleableArea',
  'landPrice',
  'totalInvestment',
  'productType',
  'description',
] as const;
type BasicsValues = Partial<Record<(typeof BASICS_FIELDS)[number], string | null>>;

function BasicsForm({ projectId, setup, editable, reload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<BasicsValues>();
  const [busy, setBusy] = useState(false);
  const b = setup?.basics;
  useEffect(() => {
    if (b) form.setFieldsValue(b);
  }, [b, form]);

  const save = async () => {
    clearErrors(form);
    const v = blankToUndefined(form.getFieldsValue());
    const body = parseWith(form, ZBasics, {
      ...Object.fromEntries(BASICS_FIELDS.map((f) => [f, v[f] ?? null])),
      version: b?.version ?? 0,
    });
    if (!body) return;
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/basics`, body);
      message.success('基础信息已保存');
      await reload();
    } catch (err) {
      await handleSaveError(err, { form, fields: [...BASICS_FIELDS], message, reload });
    } finally {
      setBusy(false);
    }
  };

  const area = (name: (typeof BASICS_FIELDS)[number], label: string) => (
    <Col span={8}>
      <Form.Item name={name} label={label}>
        <MoneyInput disabled={!editable} />
      </Form.Item>
    </Col>
  );
  return (
    <Form form={form} layout="vertical" className="biz-form-card" disabled={!editable}>
      <Row gutter={16}>
        <Col span={16}>
          <Form.Item name="address" label="项目地址">
            <Input maxLength={200} placeholder="如：江苏省靖江市…" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="productType" label="产品类型">
            <Input maxLength={100} placeholder="如：高层住宅、洋房" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="landArea" label="占地面积（㎡）">
            <InputNumber<string>
              stringMode
              className="money-input"
              min="0"
              controls={false}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="floorArea" label="建筑面积（㎡）">
            <InputNumber<string>
              stringMode
              className="money-input"
              min="0"
              controls={false}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="saleableArea" label="可售面积（㎡）">
            <InputNumber<string>
              stringMode
              className="money-input"
              min="0"
              controls={false}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        {area('landPrice', '土地价款（元）')}
        {area('totalInvestment', '总投资（元）')}
        <Col span={24}>
          <Form.Item name="description" label="项目说明">
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Col>
      </Row>
      <SaveBar
        busy={busy}
        editable={editable}
        onSave={() => void save()}
        testId="save-basics"
        note={b ? `最近保存 ${formatDateTime(b.updatedAt)}` : undefined}
      />
    </Form>
  );
}

// ---- 股权合作 ---------------------------------------------------------------------------------------------

export interface ShareholderRow {
  name?: string;
  equityPct?: string | null;
  isOurs?: boolean;
  capitalContribution?: string | null;
}

/** The form's rows of the shareholders answered by the API (one empty 我方 row when there are none). */
export function shareholderRowsOf(
  list: { name: string; equityRatio: string; isOurs: boolean; capitalContribution: string | null }[] | undefined,
): ShareholderRow[] {
  return list?.length
    ? list.map((s) => ({
        name: s.name,
        equityPct: ratioToPct(s.equityRatio),
        isOurs: s.isOurs,
        capitalContribution: s.capitalContribution,
      }))
    : [{ name: '', isOurs: true }];
}

/** The rows as the wire wants them (percent → fraction); the zod schema of the request checks them. */
export function shareholdersOfRows(rows: ShareholderRow[] | undefined) {
  return (rows ?? []).map((r) => ({
    name: r.name ?? '',
    equityRatio: pctToRatio(r.equityPct),
    isOurs: !!r.isOurs,
    capitalContribution: r.capitalContribution || null,
  }));
}

/** The schema names equityRatio; the input is the percentage beside it. */
export function moveEquityErrors(form: FormInstance): void {
  const errs = form.getFieldsError().filter((f) => f.errors.length && f.name[2] === 'equityRatio');
  markFields(
    form,
    errs.map((f) => ({ name: ['shareholders', f.name[1] ?? 0, 'equityPct'], errors: f.errors })),
  );
}

/** API details `shareholders.<i>.<field>` next to their inputs; true when any was placed. */
export function markShareholderErrors(form: FormInstance, details: { path: string; message: string }[]): boolean {
  const rows = details.filter((d) => /^shareholders\.\d+\./.test(d.path));
  if (rows.length)
    markFields(
      form,
      rows.map((d) => {
        const [, i, f] = d.path.split('.');
        return {
          name: ['shareholders', Number(i), f === 'equityRatio' ? 'equityPct' : (f ?? 'name')],
          errors: [d.message],
        };
      }),
    );
  return rows.length > 0;
}

/**
 * The 股权合作 rows as a Form.List named "shareholders" (percentages in equityPct) with the 100 % total: the
 * 立项 / 股权合作 form and the 峰值变更 form both render it inside their own form.
 */
export function ShareholderRowsField({ editable }: { editable: boolean }) {
  const form = Form.useFormInstance();
  const rows = (Form.useWatch('shareholders', form) ?? []) as ShareholderRow[];
  const total = sumMoney(rows.map((r) => safeDec(r?.equityPct) ?? 0));
  return (
    <Form.List name="shareholders">
      {(fields, { add, remove }) => (
        <>
          <Table
            className="biz-table"
            size="small"
            pagination={false}
            rowKey="key"
            dataSource={fields}
            columns={[
              {
                title: '序号',
                width: 56,
                align: 'center',
                render: (_v, _f, i) => <span className="num">{i + 1}</span>,
              },
              {
                title: '股东名称',
                render: (_v, f) => (
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: '请输入股东名称' }]}
                    style={{ margin: 0 }}
                  >
                    <Input aria-label={`股东名称 ${f.name + 1}`} maxLength={100} />
                  </Form.Item>
                ),
              },
              {
                title: '持股比例',
                width: 160,
                render: (_v, f) => (
                  <Form.Item
                    name={[f.name, 'equityPct']}
                    rules={[{ required: true, message: '请输入持股比例' }]}
                    style={{ margin: 0 }}
                  >
                    <PctInput />
                  </Form.Item>
                ),
              },
              {
                title: '出资额（元）',
                width: 200,
                render: (_v, f) => (
                  <Form.Item name={[f.name, 'capitalContribution']} style={{ margin: 0 }}>
                    <MoneyInput />
                  </Form.Item>
                ),
              },
              {
                title: '我方',
                width: 64,
                align: 'center',
                render: (_v, f) => (
                  <Form.Item name={[f.name, 'isOurs']} valuePropName="checked" style={{ margin: 0 }}>
                    <Checkbox aria-label={`我方 ${f.name + 1}`} />
                  </Form.Item>
                ),
              },
              ...(editable
                ? [
                    {
                      title: '',
                      width: 48,
                      render: (_v: unknown, f: { name: number }) => (
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label="删除股东"
                          disabled={fields.length <= 1}
                          onClick={() => remove(f.name)}
                        />
                      ),
                    },
                  ]
                : []),
            ]}
            summary={() => (
              <Table.Summary.Row className="biz-summary-row">
                <Table.Summary.Cell index={0} />
                <Table.Summary.Cell index={1}>合计</Table.Summary.Cell>
                <Table.Summary.Cell index={2}>
                  <span className={`num${total.equals(100) ? '' : ' biz-mismatch'}`} data-testid="equity-total">
                    {total.toString()}%{total.equals(100) ? '' : '（应为 100%）'}
                  </span>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} colSpan={3} />
              </Table.Summary.Row>
            )}
          />
          {editable && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              style={{ marginTop: 8 }}
              onClick={() => add({ name: '', isOurs: false })}
            >
              添加股东
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

function ShareholdersForm({ projectId, setup, editable, reload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ shareholders: ShareholderRow[] }>();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const list = setup?.shareholders;
  useEffect(() => {
    form.setFieldsValue({
      shareholders: shareholderRowsOf(list),
    });
  }, [list, form]);

  const save = async () => {
    clearErrors(form);
    setBanner(null);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZShareholders, {
      shareholders: shareholdersOfRows(v.shareholders),
    });
    if (!body) {
      moveEquityErrors(form);
      return;
    }
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/shareholders`, body);
      message.success('股东信息已保存');
      await reload();
    } catch (err) {
      const details = fieldDetails(err);
      markShareholderErrors(form, details);
      const table = details.filter((d) => !/^shareholders\.\d+\./.test(d.path)).map((d) => d.message);
      if (table.length) setBanner(table.join('；'));
      else if (!details.length) setBanner(await handleSaveError(err, { message, reload }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} className="biz-form-card" disabled={!editable}>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <ShareholderRowsField editable={editable} />
      <SaveBar
        busy={busy}
        editable={editable}
        onSave={() => void save()}
        testId="save-shareholders"
        note="持股比例合计须为 100%，并标明我方股东"
      />
    </Form>
  );
}

// ---- 立项信息 ---------------------------------------------------------------------------------------------

const RATIO_FIELDS = [
  'holdingRatio',
  'groupRatio',
  'cityRatio',
  'otherRatio',
  'totalRatio',
  'maxTotalRatio',
  'perPersonCapRatio',
] as const;
const LEVEL_FIELD: Record<TLevel, 'holdingRatio' | 'groupRatio' | 'cityRatio' | 'otherRatio'> = {
  HOLDING: 'holdingRatio',
  GROUP: 'groupRatio',
  CITY: 'cityRatio',
  OTHER: 'otherRatio',
};
const SCHEME_FIELDS = [
  'peakCapital',
  ...RATIO_FIELDS,
  'allocationUnit',
  'lateEntryPricing',
  'lateEntryRate',
  'payeeName',
  'payeeBank',
  'payeeAccount',
  'paymentDueDays',
  'voluntaryForfeit',
  'reminderOffsetsDays',
];

interface SchemeValues {
  peakCapital?: string | null;
  holdingRatio?: string | null;
  groupRatio?: string | null;
  cityRatio?: string | null;
  otherRatio?: string | null;
  totalRatio?: string | null;
  maxTotalRatio?: string | null;
  perPersonCapRatio?: string | null;
  allocationUnit?: '1' | '0.01';
  lateEntryPricing?: TLateEntryPricing;
  /** percent, as typed */
  lateEntryRate?: string | null;
  payeeName?: string;
  payeeBank?: string;
  payeeAccount?: string;
  paymentDueDays?: number | null;
  voluntaryForfeit?: boolean;
  reminderOffsetsDays?: number[];
}

/**
 * The scheme as the form holds it so far (percent inputs → fractions), for the live caps computed by
 * shared/scheme-math exactly as the BFF computes them; null while 资金峰值 is blank or invalid. A blank level
 * ratio counts as 0 (its row shows —).
 */
export function termsOf(v: CapValues): SchemeTerms | null {
  const peak = safeDec(v.peakCapital);
  if (!peak || peak.isNegative()) return null;
  const fraction = (pct: string | null | undefined) => safeDec(pct)?.dividedBy(100) ?? null;
  return {
    peakCapital: peak,
    holdingRatio: fraction(v.holdingRatio) ?? 0,
    groupRatio: fraction(v.groupRatio) ?? 0,
    cityRatio: fraction(v.cityRatio) ?? 0,
    otherRatio: fraction(v.otherRatio) ?? 0,
    allocationUnit: v.allocationUnit ?? '1',
    perPersonCapRatio: fraction(v.perPersonCapRatio),
  };
}

function SchemeForm({ projectId, setup, editable, reload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SchemeValues>();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const s = setup?.scheme;
  const v = Form.useWatch([], form) ?? {};

  useEffect(() => {
    if (!s) {
      form.setFieldsValue({
        allocationUnit: '1',
        lateEntryPricing: 'AT_COST',
        lateEntryRate: '10',
        maxTotalRatio: '10',
        paymentDueDays: 15,
        voluntaryForfeit: true,
        reminderOffsetsDays: [1, 0],
      });
      return;
    }
    form.setFieldsValue({
      peakCapital: s.peakCapital,
      holdingRatio: ratioToPct(s.holdingRatio),
      groupRatio: ratioToPct(s.groupRatio),
      cityRatio: ratioToPct(s.cityRatio),
      otherRatio: ratioToPct(s.otherRatio),
      totalRatio: ratioToPct(s.totalRatio),
      maxTotalRatio: ratioToPct(s.maxTotalRatio),
      perPersonCapRatio: ratioToPct(s.perPersonCapRatio),
      allocationUnit: dec(s.allocationUnit).equals(1) ? '1' : '0.01',
      lateEntryPricing: s.lateEntryPricing,
      lateEntryRate: ratioToPct(s.lateEntryRate),
      payeeName: s.payeeName ?? undefined,
      payeeBank: s.payeeBank ?? undefined,
      payeeAccount: s.payeeAccount ?? undefined,
      paymentDueDays: s.paymentDueDays,
      voluntaryForfeit: s.voluntaryForfeit,
      reminderOffsetsDays: s.reminderOffsetsDays,
    });
  }, [s, form]);

  const unit = v.allocationUnit ?? '1';
  const levelSum = sumMoney(LEVELS.map((l) => safeDec(v[LEVEL_FIELD[l]]) ?? 0));
  const totalPct = safeDec(v.totalRatio);
  const sumMismatch = totalPct !== null && !levelSum.equals(totalPct);
  const help = schemeSettingHelp({
    peakCapital: v.peakCapital,
    totalRatio: pctToRatio(v.totalRatio ?? undefined),
    maxTotalRatio: pctToRatio(v.maxTotalRatio ?? undefined),
    perPersonCapRatio: pctToRatio(v.perPersonCapRatio ?? undefined),
    allocationUnit: unit,
    lateEntryPricing: v.lateEntryPricing,
    lateEntryRate: pctToRatio(v.lateEntryRate ?? undefined),
    paymentDueDays: v.paymentDueDays,
    reminderOffsetsDays: v.reminderOffsetsDays,
    voluntaryForfeit: v.voluntaryForfeit,
    today: shanghaiDay(),
  });

  const save = async () => {
    clearErrors(form);
    setBanner(null);
    const raw = form.getFieldsValue();
    const body = parseWith(
      form,
      ZScheme,
      blankToUndefined({
        version: s?.version ?? 0,
        peakCapital: raw.peakCapital ?? undefined,
        holdingRatio: pctToRatio(raw.holdingRatio ?? '0'),
        groupRatio: pctToRatio(raw.groupRatio ?? '0'),
        cityRatio: pctToRatio(raw.cityRatio ?? '0'),
        otherRatio: pctToRatio(raw.otherRatio ?? '0'),
        totalRatio: pctToRatio(raw.totalRatio),
        maxTotalRatio: pctToRatio(raw.maxTotalRatio) ?? '0.1',
        perPersonCapRatio: pctToRatio(raw.perPersonCapRatio) ?? null,
        allocationUnit: raw.allocationUnit ?? '1',
        // 超额认购 is always shared pro rata: payments come after 测算
        tieBreak: 'PRO_RATA',
        lateEntryPricing: raw.lateEntryPricing ?? 'AT_COST',
        lateEntryRate: pctToRatio(raw.lateEntryRate) ?? '0.1',
        payeeName: raw.payeeName?.trim() || null,
        payeeBank: raw.payeeBank?.trim() || null,
        payeeAccount: raw.payeeAccount?.trim() || null,
        paymentDueDays: raw.paymentDueDays ?? 15,
        voluntaryForfeit: raw.voluntaryForfeit ?? true,
        reminderOffsetsDays: raw.reminderOffsetsDays ?? [],
      }),
    );
    if (!body) return;
    // the same rule the BFF applies, at once and next to the field
    if (sumMismatch) {
      form.setFields([
        {
          name: 'totalRatio',
          errors: [
            `各层级占比之和 ${formatRatio(levelSum.dividedBy(100), 3)} 与合伙投资占比 ${totalPct ? formatRatio(totalPct.dividedBy(100), 3) : '—'} 不一致`,
          ],
        },
      ]);
      return;
    }
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/scheme`, body);
      message.success('立项信息已保存');
      await reload();
    } catch (err) {
      const text = await handleSaveError(err, { form, fields: SCHEME_FIELDS, message, reload });
      if (text) setBanner(text);
    } finally {
      setBusy(false);
    }
  };

  const ratio = (
    name: (typeof RATIO_FIELDS)[number],
    label: string,
    extra?: ReactNode,
    required = false,
    tooltip?: string,
  ) => (
    <Form.Item name={name} label={label} extra={extra} required={required} tooltip={tooltip}>
      <PctInput placeholder="0" />
    </Form.Item>
  );
  return (
    <Form form={form} layout="vertical" className="biz-form-card" disabled={!editable}>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      {s?.peakConfirmedAt && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`资金峰值已于 ${formatDateTime(s.peakConfirmedAt)} 经【项目资金峰值】流程确认`}
        />
      )}
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="peakCapital" label="资金峰值（元）" required>
                <MoneyInput placeholder="如 100000000" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="allocationUnit"
                label="分配单位"
                tooltip={`${help.allocationUnit.what}例：${help.allocationUnit.example ?? ''}`}
              >
                <Select
                  options={[
                    { value: '1', label: '1 元' },
                    { value: '0.01', label: '0.01 元' },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="lateEntryPricing"
                label="补投定价"
                tooltip={`${help.lateEntryPricing.what}${help.lateEntryPricing.example ? `例：${help.lateEntryPricing.example}` : ''}`}
              >
                <Select options={LATE_ENTRY_PRICINGS.map((p) => ({ value: p, label: LATE_ENTRY_PRICING_LABEL[p] }))} />
              </Form.Item>
            </Col>
            <Col span={6}>{ratio('holdingRatio', '控股集团占比')}</Col>
            <Col span={6}>{ratio('groupRatio', '置业集团占比')}</Col>
            <Col span={6}>{ratio('cityRatio', '城市公司占比')}</Col>
            <Col span={6}>{ratio('otherRatio', '其它占比')}</Col>
            <Col span={8}>
              {ratio('totalRatio', '合伙投资占比', `各层级合计 ${formatRatio(levelSum.dividedBy(100), 3)}`, true)}
            </Col>
            <Col span={8}>
              {ratio(
                'maxTotalRatio',
                '方案上限',
                <SettingHelpText help={help.maxTotalRatio} testId="maxTotalRatio" />,
                false,
                help.maxTotalRatio.what,
              )}
            </Col>
            <Col span={8}>
              {ratio(
                'perPersonCapRatio',
                '单人上限占比',
                <SettingHelpText help={help.perPersonCapRatio} testId="perPersonCapRatio" />,
                false,
                help.perPersonCapRatio.what,
              )}
            </Col>
            {/* bank fields a full name wide: 户名 and 开户行 on a row of their own, the account number beside the days */}
            <Col span={12}>
              <Form.Item name="payeeName" label="收款户名">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="payeeBank" label="开户行">
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="payeeAccount" label="收款账号">
                <Input maxLength={40} placeholder="数字，可含空格" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="paymentDueDays"
                label="缴款期限（天）"
                tooltip={help.paymentDueDays.what}
                extra={<SettingHelpText help={help.paymentDueDays} testId="paymentDueDays" />}
              >
                <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item
                name="reminderOffsetsDays"
                label="自动催缴"
                tooltip={help.reminderOffsetsDays.what}
                extra={<SettingHelpText help={help.reminderOffsetsDays} testId="reminderOffsetsDays" />}
              >
                <Select
                  mode="multiple"
                  options={[0, 1, 2, 3, 5, 7].map((d) => ({ value: d, label: d === 0 ? '截止当天' : `提前 ${d} 天` }))}
                  placeholder="不自动催缴"
                />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="voluntaryForfeit"
                label="自愿逾期视为放弃"
                valuePropName="checked"
                tooltip={help.voluntaryForfeit.what}
                extra={<SettingHelpText help={help.voluntaryForfeit} testId="voluntaryForfeit" />}
              >
                <Switch />
              </Form.Item>
            </Col>
            {v.lateEntryPricing === 'WITH_INTEREST' && (
              <Col span={8}>
                <Form.Item
                  name="lateEntryRate"
                  label="资金利息年利率"
                  required
                  extra={<SettingHelpText help={help.lateEntryPricing} testId="lateEntryRate" />}
                >
                  <PctInput placeholder="10" />
                </Form.Item>
              </Col>
            )}
          </Row>
        </Col>
        <Col xs={24} xl={10}>
          <LiveCaps
            values={v}
            totalPct={totalPct}
            footnote={`上限精确到分；合伙人按分配单位（${unit} 元）认购，不足一个分配单位的零头和未被认购的额度由平台公司承接。${s ? ` 当前方案：合伙投资占比 ${formatRatio(s.totalRatio, 3)}。` : ''}`}
          />
        </Col>
      </Row>
      <SaveBar
        busy={busy}
        editable={editable}
        onSave={() => void save()}
        testId="save-scheme"
        note="送审后修改须走【立项信息变更】或【资金峰值调整】流程"
      />
    </Form>
  );
}

/** What the live caps need from a form: 资金峰值, the four level ratios and the per-person ratio, as typed (%). */
export type CapValues = Pick<
  SchemeValues,
  'peakCapital' | 'holdingRatio' | 'groupRatio' | 'cityRatio' | 'otherRatio' | 'perPersonCapRatio' | 'allocationUnit'
>;

/**
 * 各层级认购上限（实时计算）: per level the ratio and cap = 资金峰值 × 占比, computed by shared/scheme-math while the
 * user types (立项信息 and the 峰值变更 form). `totalPct` (合伙投资占比) is compared with the level sum when given.
 */
export function LiveCaps({
  values: v,
  totalPct = null,
  footnote,
  title = '各层级认购上限（实时计算）',
}: {
  values: CapValues;
  totalPct?: Dec | null;
  footnote?: string;
  title?: string;
}) {
  const levelSum = sumMoney(LEVELS.map((l) => safeDec(v[LEVEL_FIELD[l]]) ?? 0));
  const sumMismatch = totalPct !== null && !levelSum.equals(totalPct);
  const terms = useMemo(() => termsOf(v), [v]);
  const caps = useMemo(() => {
    const byLevel = terms ? levelCaps(terms) : null;
    return LEVELS.map((l) => {
      const pct = v[LEVEL_FIELD[l]];
      return { level: l, pct, cap: byLevel && safeDec(pct) ? byLevel[l] : null };
    });
  }, [terms, v]);
  const schemeCap = terms ? totalCap(terms) : null;
  return (
    <div className="biz-caps" data-testid="live-caps">
      <div className="biz-section-title">{title}</div>
      <table>
        <thead>
          <tr>
            <th>层级</th>
            <th className="r">占比</th>
            <th className="r">上限 = 资金峰值 × 占比</th>
          </tr>
        </thead>
        <tbody>
          {caps.map((c) => (
            <tr key={c.level}>
              <td>{LEVEL_LABEL[c.level]}</td>
              <td className="r">{safeDec(c.pct) ? formatRatio(safeDec(c.pct)!.dividedBy(100), 3) : '—'}</td>
              <td className="r">{formatMoney(c.cap)}</td>
            </tr>
          ))}
          <tr className="total">
            <td>合计</td>
            <td className={`r${sumMismatch ? ' biz-mismatch' : ''}`}>{formatRatio(levelSum.dividedBy(100), 3)}</td>
            <td className="r">{formatMoney(schemeCap)}</td>
          </tr>
        </tbody>
      </table>
      {sumMismatch && (
        <div className="biz-mismatch" style={{ marginTop: 8 }}>
          各层级合计 {levelSum.toString()}% ≠ 合伙投资占比 {totalPct?.toString()}%
        </div>
      )}
      {footnote && (
        <div className="muted" style={{ marginTop: 8, fontSize: 12 }}>
          {footnote}
        </div>
      )}
    </div>
  );
}

// ---- 关键节点 ---------------------------------------------------------------------------------------------

type MilestoneValues = Partial<Record<TMilestoneKind, { plannedOn?: Dayjs | null; actualOn?: Dayjs | null }>>;

function MilestonesForm({ projectId, setup, editable, reload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MilestoneValues>();
  const [busy, setBusy] = useState(false);
  const list = setup?.milestones;
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(
      Object.fromEntries(
        (list ?? []).map((m) => [
          m.kind,
          { plannedOn: dayjs(m.plannedOn), actualOn: m.actualOn ? dayjs(m.actualOn) : null },
        ]),
      ),
    );
  }, [list, form]);

  const save = async () => {
    clearErrors(form);
    const v = form.getFieldsValue();
    const kinds = MILESTONE_KINDS.filter((k) => v[k]?.plannedOn);
    const missing = MILESTONE_KINDS.filter((k) => !v[k]?.plannedOn && v[k]?.actualOn);
    if (missing.length) {
      form.setFields(missing.map((k) => ({ name: [k, 'plannedOn'], errors: ['填写实际日期前请先填写计划日期'] })));
      return;
    }
    const body = {
      milestones: kinds.map((k) => ({
        kind: k,
        plannedOn: v[k]!.plannedOn!.format('YYYY-MM-DD'),
        actualOn: v[k]?.actualOn ? v[k]!.actualOn!.format('YYYY-MM-DD') : null,
      })),
    };
    if (!ZMilestones.safeParse(body).success) {
      message.error('日期格式不正确');
      return;
    }
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/milestones`, body);
      message.success('关键节点已保存');
      await reload();
    } catch (err) {
      // details name "milestones.<index>.plannedOn" of the list sent: put them on that node's row
      const placed = fieldDetails(err).flatMap((d) => {
        const m = /^milestones\.(\d+)\.(\w+)$/.exec(d.path);
        const kind = m ? kinds[Number(m[1])] : undefined;
        return kind ? [{ name: [kind, m![2] === 'actualOn' ? 'actualOn' : 'plannedOn'], errors: [d.message] }] : [];
      });
      if (placed.length) markFields(form, placed);
      else await handleSaveError(err, { message, reload });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} className="biz-form-card" disabled={!editable}>
      <Table
        className="biz-table"
        size="small"
        pagination={false}
        rowKey="kind"
        style={{ maxWidth: 720 }}
        dataSource={MILESTONE_KINDS.map((kind) => ({ kind }))}
        columns={[
          { title: '节点', dataIndex: 'kind', width: 140, render: (k: TMilestoneKind) => MILESTONE_LABEL[k] },
          {
            title: '计划日期',
            render: (_v, r) => (
              <Form.Item name={[r.kind, 'plannedOn']} style={{ margin: 0 }}>
                <DatePicker aria-label={`${MILESTONE_LABEL[r.kind]}计划日期`} style={{ width: 180 }} />
              </Form.Item>
            ),
          },
          {
            title: '实际日期',
            render: (_v, r) => (
              <Form.Item name={[r.kind, 'actualOn']} style={{ margin: 0 }}>
                <DatePicker aria-label={`${MILESTONE_LABEL[r.kind]}实际日期`} style={{ width: 180 }} />
              </Form.Item>
            ),
          },
        ]}
      />
      <SaveBar
        busy={busy}
        editable={editable}
        onSave={() => void save()}
        testId="save-milestones"
        note="只保存填写了计划日期的节点；节点须按 拿地 → 开工 → 开盘 … 的先后顺序"
      />
    </Form>
  );
}

// ---- 盈利指标（立项） -------------------------------------------------------------------------------------

interface IndicatorValues {
  salesRevenue?: string | null;
  totalCost?: string | null;
  netProfit?: string | null;
  netMargin?: string | null;
  irr?: string | null;
  paybackMonths?: number | null;
}
const INDICATOR_FIELDS = ['salesRevenue', 'totalCost', 'netProfit', 'netMargin', 'irr', 'paybackMonths'];

function IndicatorsForm({ projectId, setup, editable, reload }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<IndicatorValues>();
  const [busy, setBusy] = useState(false);
  const ind = setup?.indicators;
  useEffect(() => {
    if (ind) form.setFieldsValue(ind);
  }, [ind, form]);

  const save = async () => {
    clearErrors(form);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZIndicators, {
      salesRevenue: v.salesRevenue || null,
      totalCost: v.totalCost || null,
      netProfit: v.netProfit || null,
      netMargin: v.netMargin || null,
      irr: v.irr || null,
      paybackMonths: v.paybackMonths ?? null,
    });
    if (!body) return;
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/indicators`, body);
      message.success('盈利指标已保存');
      await reload();
    } catch (err) {
      await handleSaveError(err, { form, fields: INDICATOR_FIELDS, message, reload });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" className="biz-form-card" disabled={!editable} style={{ maxWidth: 760 }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="此处为立项数据；动态数据按季度在本项目的【盈亏动态】页签中维护，并在【披露】中与立项对比。"
      />
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="salesRevenue" label="销售收入（元）">
            <MoneyInput min="-9999999999999999" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="totalCost" label="总成本（元）">
            <MoneyInput min="-9999999999999999" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="netProfit" label="净利润（元）">
            <MoneyInput min="-9999999999999999" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="netMargin" label="净利率">
            <PctInputSigned />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="irr" label="IRR">
            <PctInputSigned />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="paybackMonths" label="回正周期（月）">
            <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <SaveBar busy={busy} editable={editable} onSave={() => void save()} testId="save-indicators" />
    </Form>
  );
}

function PctInputSigned(props: { value?: string | null; onChange?: (v: string | null) => void; id?: string }) {
  return (
    <InputNumber<string>
      id={props.id}
      stringMode
      className="money-input"
      suffix="%"
      controls={false}
      style={{ width: '100%' }}
      value={props.value ?? null}
      onChange={(x) => props.onChange?.(x === null || x === '' ? null : String(x))}
    />
  );
}

/**
 * Under a 立项信息 setting: the worked example on this project's numbers (what the setting does is the label's
 * tooltip), or what it does when there is nothing to compute yet.
 */
function SettingHelpText({ help, testId }: { help: SettingHelp; testId: string }) {
  return (
    <span data-testid={`help-${testId}`} className="setting-help" title={help.what}>
      {help.example ? <span style={{ color: '#8c6d1f' }}>例：{help.example}</span> : help.what}
    </span>
  );
}
