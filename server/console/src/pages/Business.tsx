/** 业务: the accountants' flow area (立项, 认购, 缴款, 分配, 退投 …) lands here with the business issues. */
import { Empty, Steps, Typography } from 'antd';
import { useWorkspace } from '../workspace';

const STAGES = ['立项资料', '认购', '方案审核', '缴款', '峰值变更', '协议签署', '披露', '退投', '分配', '报表'];

export function BusinessPage() {
  const { selection } = useWorkspace();
  return (
    <div data-testid="business">
      <Typography.Title level={5} style={{ marginTop: 0 }}>{selection?.kind === 'project' ? `${selection.name} · 项目流程` : '项目流程'}</Typography.Title>
      <Steps size="small" current={-1} style={{ margin: '16px 0 32px' }} items={STAGES.map((title) => ({ title }))} />
      <Empty description={<span>业务办理（立项、认购、缴款、分配、退投等）将在后续版本中提供。<br />届时在左侧选择项目即可查看该项目的流程与明细。</span>} />
    </div>
  );
}
