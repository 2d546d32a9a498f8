/**
 * Contracts of 待批准授权 (four eyes on money rights): a money role or a project grant the system admin asked for,
 * applied only once a business admin other than the requester approves it.
 */
import { z } from 'zod';
import { ZInstant, ZRef, ZVersion } from './common';
import { GRANT_REQUEST_STATUSES, ROLE_KINDS, type TRoleKind } from './labels';

/** Roles that move or confirm partner money: granting one (or a project grant of one) needs a business admin. */
export const MONEY_ROLE_KINDS: readonly TRoleKind[] = [
  'BUSINESS_ADMIN',
  'HOLDING_ACCOUNTANT',
  'GROUP_ACCOUNTANT',
  'CITY_ACCOUNTANT',
];
export const isMoneyRole = (kind: string): boolean => (MONEY_ROLE_KINDS as readonly string[]).includes(kind);

export const ZGrantRequest = z.object({
  id: z.number().int(),
  /** ROLE: the user gets the role; PROJECT: the user gets the role on the project. */
  kind: z.enum(['ROLE', 'PROJECT']),
  status: z.enum(GRANT_REQUEST_STATUSES),
  user: ZRef,
  role: z.object({ id: z.number().int(), name: z.string(), kind: z.enum(ROLE_KINDS) }),
  project: ZRef.nullable(),
  requestedBy: ZRef.nullable(),
  requestedAt: ZInstant,
  decidedBy: ZRef.nullable(),
  decidedAt: ZInstant.nullable(),
  reason: z.string().nullable(),
  version: z.number().int(),
});
export type TGrantRequest = z.infer<typeof ZGrantRequest>;

/** GET /api/grant-requests: waiting ones by default, oldest first. */
export const ZGrantRequestListQuery = z.object({ status: z.enum(GRANT_REQUEST_STATUSES).default('PENDING') });
export const ZGrantRequests = z.array(ZGrantRequest);

/** POST /api/grant-requests/:id/approve */
export const ZGrantApprove = z.object({ version: ZVersion });
/** POST /api/grant-requests/:id/refuse */
export const ZGrantRefuse = z.object({
  version: ZVersion,
  reason: z.string().trim().min(1, '请填写拒绝原因').max(500),
});
/**
 * The decided request. `initialPassword`: when a console account gets its first money role, the password anyone set
 * before (the system admin who created the account knew it) is replaced, and the new one is shown this once to the
 * approving business admin, who hands it over.
 */
export const ZGrantDecided = z.object({ request: ZGrantRequest, initialPassword: z.string().optional() });
export type TGrantDecided = z.infer<typeof ZGrantDecided>;
