import type { RoleKind } from '../generated/prisma/enums';

export interface ActorRole {
  id: number;
  kind: RoleKind;
  orgUnitId: number | null;
}

/** The logged-in caller, rebuilt from the session on every request. */
export interface Actor {
  userId: number;
  name: string;
  username: string | null;
  dingUserId: string | null;
  roles: ActorRole[];
  sessionId: string;
  mustChangePassword: boolean;
  /**
   * How many times what 首页 shows of this person changed (PartnerChange, kept by database triggers), read with the
   * account on every request: the version of their cached 首页 (server/modules/me/overview-cache.ts).
   */
  overviewVersion?: string;
}

export const hasRole = (actor: Actor | undefined, ...kinds: RoleKind[]): boolean =>
  !!actor && actor.roles.some((r) => kinds.includes(r.kind));

export const ACCOUNTANT_KINDS: RoleKind[] = ['HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT'];
