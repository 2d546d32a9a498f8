/**
 * 退出设置: the exit types and their pricing rules, one value for the group (the default) and optionally one per
 * project (overrides by code, custom types added). Stored as JSON checked with the calculation's schema
 * (ZExitSettings); every save is audited with the value before and after.
 */
import type { Deps } from '../../deps';
import { versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import type { TExitSettingsSave, TExitSettingsView } from '../../../shared/api/exits';
import { describeRule, resolveExitTypes, ZExitSettings } from './calc/rules';
import { findExitSetting, GROUP_SCOPE, loadExitSettings, parseStoredSettings, projectScope } from './repository';

async function view(deps: Deps, projectId: number | null): Promise<TExitSettingsView> {
  const scope = projectId === null ? GROUP_SCOPE : projectScope(projectId);
  return deps.db.$transaction(async (tx) => {
    const row = await findExitSetting(tx, scope);
    const group = projectId === null ? null : (await loadExitSettings(tx, projectId)).group;
    const own = row ? parseStoredSettings(row.settings, scope) : null;
    const resolved = projectId === null ? resolveExitTypes(own) : resolveExitTypes(group, own);
    return {
      scope,
      settings: own,
      version: row?.version ?? 0,
      resolved: resolved.map((t) => ({ ...t, ruleSummary: describeRule(t.rule) })),
    };
  });
}

/** The group's settings (projectId null) or a project's, with the types in force. */
export const getExitSettings = (deps: Deps, projectId: number | null) => view(deps, projectId);

/** Saves the group's or a project's settings (version-checked, audited). */
export async function saveExitSettings(
  deps: Deps,
  who: AuditActor,
  projectId: number | null,
  input: TExitSettingsSave,
): Promise<TExitSettingsView> {
  const settings = ZExitSettings.parse(input.settings);
  const scope = projectId === null ? GROUP_SCOPE : projectScope(projectId);
  await deps.db.$transaction(async (tx) => {
    const row = await findExitSetting(tx, scope);
    if ((row?.version ?? 0) !== input.version) throw versionConflict('退出设置', row?.version ?? 0);
    if (row) {
      const { count } = await tx.exitSetting.updateMany({
        where: { id: row.id, version: row.version },
        data: { settings: settings as object, version: { increment: 1 }, updatedById: who.actorId },
      });
      if (!count) throw versionConflict('退出设置');
    } else {
      await tx.exitSetting.create({
        data: { scope, projectId, settings: settings as object, version: 1, updatedById: who.actorId },
      });
    }
    await writeAudit(tx, who, {
      action: 'save_exit_settings',
      entity: 'ExitSetting',
      entityId: scope,
      projectId,
      before: { settings: row?.settings ?? null },
      after: { settings },
    });
  });
  return view(deps, projectId);
}
