/** An amount as ¥1,234,567.89 in tabular digits, formatted by shared/money.ts from its decimal string. */
import { dec, formatMoney } from '../../../shared/money';

interface AmountProps {
  /** Decimal string, e.g. "1234567.89". */
  value: string | null;
  size: 'sm' | 'md' | 'lg';
  /** Shown when value is empty. */
  empty: string;
  /** Colour negative amounts red. */
  signed: boolean;
}

const props: AmountProps = { value: null, size: 'md', empty: '—', signed: false };

function view(p: Readonly<AmountProps>): { text: string; negative: boolean } {
  if (p.value === null || p.value === undefined || p.value === '') return { text: p.empty, negative: false };
  try {
    return { text: formatMoney(p.value), negative: p.signed && dec(p.value).isNegative() };
  } catch (_e) {
    return { text: p.empty, negative: false };
  }
}

Component({
  props,
  data: { text: '—', negative: false },
  onInit() {
    this.setData(view(this.props));
  },
  deriveDataFromProps(next) {
    this.setData(view(next));
  },
});
