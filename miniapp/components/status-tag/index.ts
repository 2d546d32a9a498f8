/** A small coloured tag: 已缴, 部分缴款, 逾期, 已放弃, 审批中, 退, 离 … (labels and colours in sjs/format.sjs). */
interface StatusTagProps {
  status: string;
  /** Replaces the standard label (e.g. 已发放 for a paid distribution). */
  label: string;
}

const props: StatusTagProps = { status: '', label: '' };

Component({ props });

export {};
