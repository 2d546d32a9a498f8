/**
 * 模板管理: agreement and notice templates with placeholders and a live preview (done here, in the browser).
 * Saving arrives with the templates API; until then the editor shows what a notice will look like.
 */
import { EyeOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Input, Row, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import { Fragment, useMemo, useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { formatMoney } from '../../../../shared/money';

interface Placeholder {
  key: string;
  label: string;
  sample: string;
}

const PLACEHOLDERS: Placeholder[] = [
  { key: '姓名', label: '合伙人姓名', sample: '史伟' },
  { key: '项目名称', label: '项目名称', sample: '泰安-锦艺誉峯' },
  { key: '城市公司', label: '城市公司', sample: '环沪城市公司' },
  { key: '认购下限', label: '认购下限', sample: formatMoney('28894') },
  { key: '认购上限', label: '认购上限', sample: formatMoney('746428') },
  { key: '认购金额', label: '确认的认购金额', sample: formatMoney('746428') },
  { key: '缴款金额', label: '应缴金额', sample: formatMoney('746428') },
  { key: '截止日期', label: '截止日期', sample: '2020-01-15' },
  { key: '分配批次', label: '分配批次', sample: '第1次利润分配' },
  { key: '分配金额', label: '分配金额', sample: formatMoney('436609.5') },
  { key: '分配日期', label: '分配日期', sample: '2020-06-19' },
  { key: '收款账户', label: '分配账户', sample: '招商银行 **** 6688' },
];

const TEMPLATES: Record<string, { name: string; body: string }> = {
  subscribe: {
    name: '认购通知',
    body: '{{姓名}}，您好：\n\n「{{项目名称}}」事业合伙认购已开始，您的认购区间为 {{认购下限}} 至 {{认购上限}}，请于 {{截止日期}} 前在「事业合伙」小程序中提交认购金额。\n\n{{城市公司}}',
  },
  payment: {
    name: '缴款通知',
    body: '{{姓名}}，您好：\n\n您在「{{项目名称}}」的认购金额已确认为 {{认购金额}}，请于 {{截止日期}} 前缴款 {{缴款金额}}。\n缴款后请在小程序中点击「我已打款」并上传回单，以财务确认为准。',
  },
  distribution: {
    name: '分配通知',
    body: '{{姓名}}，您好：\n\n「{{项目名称}}」{{分配批次}}已于 {{分配日期}} 完成，您本次分得 {{分配金额}}，将转入您确认的账户（{{收款账户}}）。',
  },
  agreement: {
    name: '合伙协议',
    body: '事业合伙协议\n\n甲方：{{城市公司}}\n乙方：{{姓名}}\n\n一、乙方自愿参与「{{项目名称}}」事业合伙，出资 {{认购金额}}。\n二、收益按项目分配方案分配，分配款转入乙方确认的账户。\n三、乙方离职、退休等退出情形按公司事业合伙管理办法执行。',
  },
};

const TOKEN = /\{\{\s*([^{}]+?)\s*\}\}/g;

export function TemplatesPage() {
  const [kind, setKind] = useState<string>('payment');
  const [bodies, setBodies] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(TEMPLATES).map(([k, t]) => [k, t.body])),
  );
  const ref = useRef<TextAreaRef>(null);
  const body = bodies[kind] ?? '';

  const unknown = useMemo(
    () => [...body.matchAll(TOKEN)].map((m) => m[1] ?? '').filter((k) => !PLACEHOLDERS.some((p) => p.key === k)),
    [body],
  );

  const insert = (key: string) => {
    const el = ref.current?.resizableTextArea?.textArea;
    const at = el ? el.selectionStart : body.length;
    const end = el ? el.selectionEnd : body.length;
    setBodies((b) => ({ ...b, [kind]: `${body.slice(0, at)}{{${key}}}${body.slice(end)}` }));
  };

  return (
    <div>
      <div className="toolbar">
        <Segmented
          value={kind}
          onChange={(v) => setKind(String(v))}
          options={Object.entries(TEMPLATES).map(([value, t]) => ({ value, label: t.name }))}
        />
        <Tooltip title="模板保存将随通知与协议功能上线">
          <Button type="primary" icon={<SaveOutlined />} disabled>
            保存模板
          </Button>
        </Tooltip>
      </div>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Typography.Text strong>模板内容</Typography.Text>
          <Input.TextArea
            ref={ref}
            value={body}
            onChange={(e) => setBodies((b) => ({ ...b, [kind]: e.target.value }))}
            autoSize={{ minRows: 12, maxRows: 24 }}
            style={{ marginTop: 8, fontFamily: 'inherit' }}
          />
          <div style={{ marginTop: 12 }}>
            <Typography.Text type="secondary">点击插入占位符：</Typography.Text>
            <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
              {PLACEHOLDERS.map((p) => (
                <Tooltip key={p.key} title={`${p.label}，示例：${p.sample}`}>
                  <Tag style={{ cursor: 'pointer' }} onClick={() => insert(p.key)}>{`{{${p.key}}}`}</Tag>
                </Tooltip>
              ))}
            </div>
          </div>
          {unknown.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={`未知的占位符：${unknown.map((k) => `{{${k}}}`).join('、')}`}
              description="发送时无法替换，请改为上方列出的占位符。"
            />
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Space style={{ marginBottom: 8 }}>
            <EyeOutlined />
            <Typography.Text strong>预览（示例数据）</Typography.Text>
          </Space>
          <div className="template-preview" data-testid="template-preview">
            <Preview body={body} />
          </div>
        </Col>
      </Row>
    </div>
  );
}

function Preview({ body }: { body: string }) {
  const parts: { text: string; known: boolean | null }[] = [];
  let last = 0;
  for (const m of body.matchAll(TOKEN)) {
    const idx = m.index ?? 0;
    if (idx > last) parts.push({ text: body.slice(last, idx), known: null });
    const p = PLACEHOLDERS.find((x) => x.key === m[1]);
    parts.push(p ? { text: p.sample, known: true } : { text: m[0], known: false });
    last = idx + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), known: null });
  return (
    <>
      {parts.map((p, i) =>
        p.known === null ? (
          <Fragment key={i}>{p.text}</Fragment>
        ) : p.known ? (
          <mark key={i} style={{ background: '#f6ffed', color: '#237804' }}>
            {p.text}
          </mark>
        ) : (
          <mark key={i}>{p.text}</mark>
        ),
      )}
    </>
  );
}
