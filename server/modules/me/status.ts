/** Pure helpers of the personal center: calendar days and the partner-facing subscription status. */
import type { myOpenEntry } from '../subscription/repository';

export const day = (d: Date) => d.toISOString().slice(0, 10);
export function subscriptionStatus(e: NonNullable<Awaited<ReturnType<typeof myOpenEntry>>>) {
  if (['CONFIRMED', 'CLOSED'].includes(e.round.status)) return 'CONFIRMED' as const;
  if (e.round.status === 'OPEN' && e.round.deadline > new Date())
    return e.subscribedAmount === null ? ('OPEN' as const) : ('SUBMITTED' as const);
  return 'CLOSED' as const;
}
