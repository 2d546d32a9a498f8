/** Before/after of an audited change, side by side. */
import { Col, Row, Typography } from 'antd';

const show = (v: unknown) => (v === null || v === undefined ? '—' : JSON.stringify(v, null, 2));

export function JsonDiff({
  before,
  after,
  left = '修改前',
  right = '修改后',
}: {
  before: unknown;
  after: unknown;
  left?: string;
  right?: string;
}) {
  return (
    <Row gutter={16}>
      <Col span={12}>
        <Typography.Text type="secondary">{left}</Typography.Text>
        <pre className="json-box">{show(before)}</pre>
      </Col>
      <Col span={12}>
        <Typography.Text type="secondary">{right}</Typography.Text>
        <pre className="json-box">{show(after)}</pre>
      </Col>
    </Row>
  );
}
