// View helpers for templates. SJS runs in the view layer: ES5 only, no String.prototype.startsWith.
// The words are shared/api/labels.ts (SJS cannot import TS; test/miniapp/components.test.ts keeps them equal). OPEN … CLOSED are a
// partner's own subscription states (GET /api/me/projects/:id/subscription).
var LABELS = {
  UNPAID: '未缴',
  PARTIAL: '部分缴款',
  PAID: '已缴',
  OVERDUE: '逾期',
  FORFEITED: '已放弃',
  EXITED: '退',
  LEFT: '离',
  PENDING: '待审核',
  APPROVED: '审核通过',
  REJECTED: '已驳回',
  CANCELLED: '已撤回',
  OPEN: '待认购',
  SUBMITTED: '已认购',
  CONFIRMED: '已确认',
  CLOSED: '已截止',
  SCHEDULED: '待发放',
  DISTRIBUTED: '已发放',
};

var TONES = {
  UNPAID: 'warning',
  PARTIAL: 'warning',
  PAID: 'success',
  OVERDUE: 'danger',
  FORFEITED: 'muted',
  EXITED: 'muted',
  LEFT: 'muted',
  PENDING: 'primary',
  APPROVED: 'success',
  REJECTED: 'danger',
  CANCELLED: 'muted',
  OPEN: 'primary',
  SUBMITTED: 'primary',
  CONFIRMED: 'success',
  CLOSED: 'muted',
  SCHEDULED: 'primary',
  DISTRIBUTED: 'success',
};

function label(status, override) {
  if (override) return override;
  return LABELS[status] || status || '';
}

function tone(status) {
  return TONES[status] || 'muted';
}

// 6222 **** **** 1234: never show a full bank account number in lists
function maskAccount(accountNo) {
  if (!accountNo) return '';
  var s = String(accountNo).replace(/\s+/g, '');
  if (s.length <= 8) return s;
  return s.substring(0, 4) + ' **** **** ' + s.substring(s.length - 4);
}

// 6222 0210 0112 3456 789: the full number grouped by four for reading aloud to the bank
function groupAccount(accountNo) {
  if (!accountNo) return '';
  var s = String(accountNo).replace(/\s+/g, '');
  var out = '';
  for (var i = 0; i < s.length; i++) {
    if (i > 0 && i % 4 === 0) out += ' ';
    out += s.charAt(i);
  }
  return out;
}

export default {
  label: label,
  tone: tone,
  maskAccount: maskAccount,
  groupAccount: groupAccount,
};
