/** A DingTalk-style list row: title and note on the left, slot content (amount, tag) on the right. */
interface ListItemProps {
  title: string;
  note: string;
  arrow: boolean;
  /** Let a long title wrap instead of ending in … (notices, whose title is the whole message). */
  wrap: boolean;
}

const props: ListItemProps = { title: '', note: '', arrow: true, wrap: false };

Component({ props });

export {};
