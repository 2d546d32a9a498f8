import { displayStatus, reminderDays, storedStatus } from './status';

describe('payment status', () => {
  it('accumulates partial payments to paid', () => {
    expect(storedStatus('100000.00', '0')).toBe('UNPAID');
    expect(storedStatus('100000.00', '40000.00')).toBe('PARTIAL');
    expect(storedStatus('100000.00', '100000.00')).toBe('PAID');
  });
  it('is overdue from the day after the due day, in Shanghai time', () => {
    expect(displayStatus('PARTIAL', '2026-11-21', new Date('2026-11-21T15:59:00Z'))).toBe('PARTIAL'); // 23:59 in Shanghai
    expect(displayStatus('PARTIAL', '2026-11-21', new Date('2026-11-21T16:01:00Z'))).toBe('OVERDUE'); // 00:01 next day
    expect(displayStatus('PAID', '2026-11-01', new Date('2026-11-21T00:00:00Z'))).toBe('PAID');
  });
  it('schedules reminders T-N days before the due day', () => {
    expect(reminderDays('2026-12-01', [1, 0, 1])).toEqual(['2026-11-30', '2026-12-01']);
  });
});
