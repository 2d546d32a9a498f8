/** Shown while a page loads its data. */
interface LoadingStateProps {
  text: string;
}

const props: LoadingStateProps = { text: '加载中…' };

Component({ props });

export {};
