import { AppError } from '../../lib/errors';
import type { TRowError } from '../../../shared/api/distributions';

/** An import's (or typed lines') problems as one 422: every problem in `details.errors[{ row, column, message }]`. */
export function refuseRows(errors: TRowError[]): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  const more = sorted.length > 1 ? `（共 ${sorted.length} 个问题）` : '';
  return new AppError('UNPROCESSABLE', `${sorted[0]?.message ?? '分配明细有误'}${more}`, { errors: sorted });
}
