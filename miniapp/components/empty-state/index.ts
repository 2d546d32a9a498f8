/** Nothing to show (yet): a calm explanation instead of a blank page. */
interface EmptyStateProps {
  title: string;
  text: string;
}

const props: EmptyStateProps = { title: '暂无内容', text: '' };

Component({ props });

export {};
