/** A failed load with the server's message and a retry button. */
interface ErrorStateProps {
  title: string;
  text: string;
  onRetry?: () => void;
}

const props: ErrorStateProps = { title: '加载失败', text: '' };

Component({
  props,
  methods: {
    retry() {
      if (this.props.onRetry) this.props.onRetry();
    },
  },
});

export {};
