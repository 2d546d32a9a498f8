/**
 * 设置提醒: what is not set up and breaks something the user is about to start — each line says what is wrong, what
 * it breaks and who fixes it where; the fixer's role gets a link to that settings page. Shown in a project's
 * workspace header (beside the next steps) and at the top of 钉钉设置. Nothing is shown when all is set up.
 */
import { Alert, Button } from 'antd';
import type { TSetupWarning, TSetupWarnings } from '../../../../shared/api/setup-warnings';
import { useAuth } from '../auth';
import { hasRole } from '../lib/access';
import { get } from '../lib/api';
import { navigate } from '../lib/router';
import { useRequest } from '../lib/useRequest';

export function SetupWarningList({ warnings, links = true }: { warnings: TSetupWarning[]; links?: boolean }) {
  const { me } = useAuth();
  if (!warnings.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="setup-warnings"
      data-testid="setup-warnings"
      style={{ marginBottom: 12 }}
      title={`设置提醒（${warnings.length}）`}
      description={
        <div>
          {warnings.map((w) => (
            <div key={w.key} data-testid="setup-warning" data-code={w.code} style={{ marginTop: 4 }}>
              <strong>{w.problem}</strong>
              <div>影响：{w.impact}</div>
              <div className="muted">
                由{w.fixer}在【{w.fixWhere}】处理
                {links && hasRole(me, w.fixerRole) && (
                  <Button size="small" type="link" onClick={() => navigate(w.link)}>
                    去处理
                  </Button>
                )}
              </div>
            </div>
          ))}
        </div>
      }
    />
  );
}

/** A project's warnings, reloaded when refreshKey changes. */
export function ProjectSetupWarnings({ projectId, refreshKey }: { projectId: number; refreshKey: string }) {
  const r = useRequest(
    () => get<TSetupWarnings & { projectId?: number }>(`/api/projects/${projectId}/setup-warnings`),
    [projectId, refreshKey],
  );
  return <SetupWarningList warnings={r.data?.warnings ?? []} />;
}
