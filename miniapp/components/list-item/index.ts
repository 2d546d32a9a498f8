/** A DingTalk-style list row: title and note on the left, slot content (amount, tag) on the right. */
interface ListItemProps {
  title: string;
  note: string;
  arrow: boolean;
}

const props: ListItemProps = { title: '', note: '', arrow: true };

Component({ props });

export {};
