// The warnings of one project (its workspace header) or of every project (钉钉设置): every check of SETUP_CHECKS.
import type { TSetupWarnings } from '../../../shared/api/setup-warnings';
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { SETUP_CHECKS } from './checks';

export async function readSetupWarnings(deps: Pick<Deps, 'db'>, projectId?: number): Promise<TSetupWarnings> {
  const projects = await deps.db.project.findMany({
    where: projectId === undefined ? {} : { id: projectId },
    select: { id: true, name: true, orgUnitId: true },
    orderBy: { id: 'asc' },
  });
  if (projectId !== undefined && !projects.length) throw notFound('项目');
  const found = await Promise.all(SETUP_CHECKS.map((check) => check(deps, { projects })));
  return { warnings: found.flat() };
}
