import { DEFAULT_TEMPLATES } from './defaults';
import { formatContext, moneyInWords, renderTexts } from './render';
import { validateTemplateText } from './validate';
import { diffLines, sampleContext, TEMPLATE_CATALOGUE, TEMPLATE_KINDS } from '../../../shared/templates';

describe('template validation', () => {
  it.each(TEMPLATE_KINDS)('the built-in version 1 of %s is valid and renders with the samples', (kind) => {
    const d = DEFAULT_TEMPLATES[kind];
    expect(validateTemplateText(kind, d.title, 'title')).toEqual([]);
    expect(validateTemplateText(kind, d.body)).toEqual([]);
    const r = renderTexts(kind, d, sampleContext(kind));
    expect(r.text).not.toMatch(/\{\{|\}\}/);
  });

  it('names an unknown placeholder and its line', () => {
    const problems = validateTemplateText('PAYMENT_NOTICE', '### {{项目名称}}\n\n应缴：{{应缴金额}}\n{{认购金额}}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'body', line: 4, column: 1, placeholder: '认购金额' });
    expect(problems[0]!.message).toContain('未知的占位符 {{认购金额}}');
    expect(problems[0]!.message).toContain('第 4 行');
  });

  it('refuses helpers, paths, partials and every block but each over the list', () => {
    const cases: [string, string][] = [
      ['{{#if 姓名}}x{{/if}}', '#if'],
      ['{{#with 姓名}}x{{/with}}', '#with'],
      ['{{lookup 姓名 1}}', '{{lookup 姓名 1}}'],
      ['{{姓名.长度}}', '{{姓名.长度}}'],
      ['{{#each 姓名}}x{{/each}}', '姓名'],
    ];
    for (const [text, named] of cases) {
      const [problem] = validateTemplateText('DISCLOSURE_NOTICE', text);
      expect(problem?.placeholder).toBe(named);
    }
    expect(validateTemplateText('DISCLOSURE_NOTICE', '{{> header}}')[0]!.message).toContain('不支持');
    expect(
      validateTemplateText('DISCLOSURE_NOTICE', '{{#each 项目}}{{项目名称}}{{else}}无{{/each}}')[0]!.placeholder,
    ).toBe('else');
    expect(validateTemplateText('PAYMENT_NOTICE', '{{#each 项目}}{{/each}}')[0]!.message).toContain('没有列表占位符');
  });

  it('allows {{#each 项目}} with the item placeholders only, not nested', () => {
    expect(validateTemplateText('DISCLOSURE_NOTICE', '{{#each 项目}}{{项目名称}} {{摘要}}\n{{/each}}')).toEqual([]);
    const [p] = validateTemplateText('DISCLOSURE_NOTICE', '{{#each 项目}}\n{{姓名}}{{/each}}');
    expect(p).toMatchObject({ line: 2, placeholder: '姓名' });
    expect(p!.message).toContain('{{#each 项目}} 中没有占位符 {{姓名}}');
    expect(validateTemplateText('DISCLOSURE_NOTICE', '{{项目}}')[0]!.message).toContain('是列表');
  });

  it('reports a syntax error with its line', () => {
    const [p] = validateTemplateText('PAYMENT_NOTICE', 'a\nb {{ 姓名');
    expect(p).toMatchObject({ line: 2 });
    const [m] = validateTemplateText('DISCLOSURE_NOTICE', 'a\n{{#each 项目}}\n{{/if}}');
    expect(m!.message).toContain('不匹配');
  });

  it('checks the title too, naming the field', () => {
    expect(validateTemplateText('PAYMENT_NOTICE', '{{项目}} 缴款', 'title')[0]).toMatchObject({
      field: 'title',
      placeholder: '项目',
    });
  });
});

describe('template rendering', () => {
  it('formats money, 大写, dates and times (Asia/Shanghai)', () => {
    const r = renderTexts(
      'PAYMENT_NOTICE',
      { title: '{{项目名称}}', body: '{{应缴金额}}|{{应缴金额大写}}|{{缴款截止}}|{{姓名}}' },
      {
        姓名: '史伟',
        项目名称: '江阴项目',
        跟投层级: '城市公司',
        应缴金额: '1234567.89',
        缴款截止: new Date('2026-12-19T16:30:00Z'),
        收款账户: 'x',
      },
    );
    expect(r).toEqual({
      title: '江阴项目',
      text: '¥1,234,567.89|壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分|2026-12-20|史伟',
    });
    const s = renderTexts(
      'SUBSCRIPTION_NOTICE',
      { title: '', body: '{{认购截止}}' },
      { ...sampleContext('SUBSCRIPTION_NOTICE'), 认购截止: new Date('2026-12-15T02:00:00Z') },
    );
    expect(s.text).toBe('2026-12-15 10:00');
  });

  it('writes 大写 for round amounts, cents and negatives', () => {
    expect(moneyInWords('100')).toBe('壹佰元整');
    expect(moneyInWords('300000')).toBe('叁拾万元整');
    expect(moneyInWords('0.05')).toBe('伍分');
    expect(moneyInWords('-1200.5')).toBe('负壹仟贰佰元伍角');
  });

  it('shows a missing amount or date as — and refuses a context without a placeholder', () => {
    const ctx = formatContext('PAYMENT_NOTICE', { ...sampleContext('PAYMENT_NOTICE'), 应缴金额: null, 缴款截止: null });
    expect(ctx).toMatchObject({ 应缴金额: '—', 应缴金额大写: '—', 缴款截止: '—' });
    const partial = sampleContext('PAYMENT_NOTICE');
    delete partial['收款账户'];
    expect(() => formatContext('PAYMENT_NOTICE', partial)).toThrow('收款账户');
  });

  it('lists the projects of a merged 披露通知', () => {
    const r = renderTexts('DISCLOSURE_NOTICE', DEFAULT_TEMPLATES.DISCLOSURE_NOTICE, sampleContext('DISCLOSURE_NOTICE'));
    expect(r.text).toContain('**江阴项目**（2026年第三季度）：累计销售 12.3 亿元，回款率 92%');
    expect(r.text).toContain('**常州项目**（2026年第三季度）：主体结构封顶');
  });

  it('renders version 1 of 缴款通知 as the notice was worded before templates', () => {
    const r = renderTexts('PAYMENT_NOTICE', DEFAULT_TEMPLATES.PAYMENT_NOTICE, {
      姓名: '史伟',
      项目名称: '江阴项目',
      跟投层级: '城市公司',
      应缴金额: '300000',
      缴款截止: '2026-12-20',
      收款账户: '请联系城市公司经营会计',
    });
    expect(r.title).toBe('江阴项目 缴款通知');
    expect(r.text).toBe(
      '### 江阴项目 缴款通知\n\n应缴金额：¥300,000.00\n\n缴款截止：2026-12-20\n\n收款账户：请联系城市公司经营会计',
    );
  });

  it('agreements follow the plain-text convention: # headings, blank-line paragraphs', () => {
    for (const kind of ['PARTNERSHIP_AGREEMENT', 'SUPPLEMENTARY_AGREEMENT'] as const) {
      const r = renderTexts(kind, DEFAULT_TEMPLATES[kind], sampleContext(kind));
      expect(r.text.split('\n')[0]).toMatch(/^# .+协议$/);
      expect(TEMPLATE_CATALOGUE[kind].channel).toBe('DOCUMENT');
    }
    const a = renderTexts(
      'PARTNERSHIP_AGREEMENT',
      DEFAULT_TEMPLATES.PARTNERSHIP_AGREEMENT,
      sampleContext('PARTNERSHIP_AGREEMENT'),
    );
    expect(a.text).toContain('人民币 ¥300,000.00（大写：叁拾万元整）');
  });
});

describe('line diff', () => {
  it('marks removed and added lines against the previous version', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'del', text: 'b' },
      { op: 'add', text: 'B' },
      { op: 'same', text: 'c' },
      { op: 'add', text: 'd' },
    ]);
  });
});
