/**
 * The Chinese name of every business state, once for the BFF, the console and the mini-program. No zod here:
 * the mini-program loads this module at run time (DingTalk's runtime lacks what zod's enums need), so it holds
 * only plain constants. The enums of the contracts (shared/api/*.ts) are built from these tuples.
 * The mini-program's view layer (miniapp/sjs/format.sjs, ES5, cannot import) repeats some of these words;
 * test/miniapp/components.test.ts keeps them equal.
 */

// ---- people and organisation ------------------------------------------------------------------------------
export const ROLE_KINDS = [
  'SYSTEM_ADMIN',
  'BUSINESS_ADMIN',
  'HOLDING_ACCOUNTANT',
  'GROUP_ACCOUNTANT',
  'CITY_ACCOUNTANT',
  'PARTNER',
] as const;
export type TRoleKind = (typeof ROLE_KINDS)[number];
export const ROLE_KIND_LABEL: Record<TRoleKind, string> = {
  SYSTEM_ADMIN: '系统管理员',
  BUSINESS_ADMIN: '业务管理员',
  HOLDING_ACCOUNTANT: '控股集团经营会计',
  GROUP_ACCOUNTANT: '置业集团经营会计',
  CITY_ACCOUNTANT: '城市公司经营会计',
  PARTNER: '合伙人',
};

export const ORG_UNIT_KINDS = ['HOLDING', 'GROUP', 'CITY', 'DIRECT', 'DEPARTMENT'] as const;
export type TOrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const ORG_UNIT_KIND_LABEL: Record<TOrgUnitKind, string> = {
  HOLDING: '控股集团',
  GROUP: '置业集团',
  CITY: '城市公司',
  DIRECT: '直属项目公司',
  DEPARTMENT: '部门',
};

export const PROJECT_OPERATORS = ['SELF', 'OURS', 'PARTNER'] as const;
export type TProjectOperator = (typeof PROJECT_OPERATORS)[number];
export const PROJECT_OPERATOR_LABEL: Record<TProjectOperator, string> = {
  SELF: '自操盘',
  OURS: '我方操盘',
  PARTNER: '合作方操盘',
};

export const USER_STATUSES = ['ACTIVE', 'LEFT', 'DISABLED'] as const;
export type TUserStatus = (typeof USER_STATUSES)[number];
export const USER_STATUS_LABEL: Record<TUserStatus, string> = { ACTIVE: '在职', LEFT: '离职', DISABLED: '停用' };
/** 待批准授权: a money role or project grant waiting for a business admin (server/modules/duties). */
export const GRANT_REQUEST_STATUSES = ['PENDING', 'APPROVED', 'REFUSED'] as const;
export type TGrantRequestStatus = (typeof GRANT_REQUEST_STATUSES)[number];
export const GRANT_REQUEST_STATUS_LABEL: Record<TGrantRequestStatus, string> = {
  PENDING: '待批准',
  APPROVED: '已批准',
  REFUSED: '已拒绝',
};

// ---- scheme: levels, categories, milestones -----------------------------------------------------------------
export const LEVELS = ['HOLDING', 'GROUP', 'CITY', 'OTHER'] as const;
export type TLevel = (typeof LEVELS)[number];
export const LEVEL_LABEL: Record<TLevel, string> = {
  HOLDING: '控股集团',
  GROUP: '置业集团',
  CITY: '城市公司',
  OTHER: '其它',
};

export const CATEGORIES = ['MANDATORY', 'PRIORITY', 'VOLUNTARY'] as const;
export type TCategory = (typeof CATEGORIES)[number];
export const CATEGORY_LABEL: Record<TCategory, string> = { MANDATORY: '强投', PRIORITY: '优先', VOLUNTARY: '自愿' };

export const MILESTONE_KINDS = [
  'LAND',
  'CONSTRUCTION_START',
  'SALES_START',
  'CASHFLOW_POSITIVE',
  'COMPLETION',
  'DELIVERY',
  'LIQUIDATION',
] as const;
export type TMilestoneKind = (typeof MILESTONE_KINDS)[number];
export const MILESTONE_LABEL: Record<TMilestoneKind, string> = {
  LAND: '拿地',
  CONSTRUCTION_START: '开工',
  SALES_START: '开盘',
  CASHFLOW_POSITIVE: '现金流回正',
  COMPLETION: '竣工',
  DELIVERY: '交付',
  LIQUIDATION: '清算',
};

// ---- 认购 rounds -------------------------------------------------------------------------------------------
export const ROUND_KINDS = ['INITIAL', 'SUPPLEMENT'] as const;
export type TRoundKind = (typeof ROUND_KINDS)[number];
export const ROUND_KIND_LABEL: Record<TRoundKind, string> = { INITIAL: '立项认购', SUPPLEMENT: '补投认购' };

export const DUE_KINDS = ['INITIAL', 'TOPUP', 'REFUND'] as const;
export type TDueKind = (typeof DUE_KINDS)[number];
export const DUE_KIND_LABEL: Record<TDueKind, string> = { INITIAL: '认购缴款', TOPUP: '补缴', REFUND: '退款' };

export const LATE_ENTRY_PRICINGS = ['AT_COST', 'WITH_INTEREST'] as const;
export type TLateEntryPricing = (typeof LATE_ENTRY_PRICINGS)[number];
export const LATE_ENTRY_PRICING_LABEL: Record<TLateEntryPricing, string> = {
  AT_COST: '按原价',
  WITH_INTEREST: '原价加资金利息',
};

export const CAPITAL_ENTRY_KINDS = [
  'COMMITMENT',
  'COMMITMENT_CHANGE',
  'PAYMENT',
  'REFUND',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'PRINCIPAL_RETURN',
  'ENTRY_INTEREST',
  'REVERSAL',
] as const;
export type TCapitalEntryKind = (typeof CAPITAL_ENTRY_KINDS)[number];
export const CAPITAL_ENTRY_KIND_LABEL: Record<TCapitalEntryKind, string> = {
  COMMITMENT: '认缴',
  COMMITMENT_CHANGE: '认缴调整',
  PAYMENT: '实缴',
  REFUND: '退款',
  TRANSFER_OUT: '转出（承接）',
  TRANSFER_IN: '承接转入',
  PRINCIPAL_RETURN: '本金分配',
  ENTRY_INTEREST: '资金利息',
  REVERSAL: '冲销',
};
export const CAPITAL_HOLDERS = ['PARTNER', 'PLATFORM'] as const;
export type TCapitalHolder = (typeof CAPITAL_HOLDERS)[number];
export const CAPITAL_HOLDER_LABEL: Record<TCapitalHolder, string> = { PARTNER: '合伙人', PLATFORM: '平台公司' };

export const ROUND_STATUSES = ['DRAFT', 'OPEN', 'CALCULATED', 'IN_REVIEW', 'APPROVED', 'CONFIRMED', 'CLOSED'] as const;
export type TRoundStatus = (typeof ROUND_STATUSES)[number];
export const ROUND_STATUS_LABEL: Record<TRoundStatus, string> = {
  DRAFT: '草稿',
  OPEN: '认购中',
  CALCULATED: '已测算',
  IN_REVIEW: '审核中',
  APPROVED: '审核通过',
  CONFIRMED: '已立项',
  CLOSED: '已完成',
};

/** A partner's own subscription, as the mini-program shows it (GET /api/me/projects/:id/subscription). */
export const SUBSCRIPTION_STATUSES = ['OPEN', 'SUBMITTED', 'CONFIRMED', 'CLOSED'] as const;
export type TSubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
export const SUBSCRIPTION_STATUS_LABEL: Record<TSubscriptionStatus, string> = {
  OPEN: '待认购',
  SUBMITTED: '已认购',
  CONFIRMED: '已确认',
  CLOSED: '已截止',
};

/** Marks on a partner's holding: 退 (exited), 离 (left the company). */
export const HOLDING_MARKS = ['EXITED', 'LEFT'] as const;
export type THoldingMark = (typeof HOLDING_MARKS)[number];
export const HOLDING_MARK_LABEL: Record<THoldingMark, string> = { EXITED: '退', LEFT: '离' };

// ---- 缴款 -------------------------------------------------------------------------------------------------
/** What is stored; OVERDUE is derived for display (unpaid or partial after the due date). */
export const STORED_PAYMENT_STATUSES = ['UNPAID', 'PARTIAL', 'PAID', 'FORFEITED'] as const;
export type TStoredPaymentStatus = (typeof STORED_PAYMENT_STATUSES)[number];
export const PAYMENT_STATUSES = ['UNPAID', 'PARTIAL', 'PAID', 'OVERDUE', 'FORFEITED'] as const;
export type TPaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_STATUS_LABEL: Record<TPaymentStatus, string> = {
  UNPAID: '未缴',
  PARTIAL: '部分缴款',
  PAID: '已缴',
  OVERDUE: '逾期',
  FORFEITED: '已放弃',
};

// ---- 分配 (a partner's line of a batch once its notice is out; the 分配账户) -----------------------------------
export const DISTRIBUTION_STATUSES = ['SCHEDULED', 'PAID'] as const;
export type TDistributionStatus = (typeof DISTRIBUTION_STATUSES)[number];
/** PAID reads 已发放 (the tag's key is DISTRIBUTED, so that it does not read 已缴). */
export const DISTRIBUTION_STATUS_LABEL = { SCHEDULED: '待发放', DISTRIBUTED: '已发放' } as const;

/** 分配账户: entered by the accountant (未确认) or by the partner (已确认); a partner's correction waits for the accountant. */
export const DISTRIBUTION_ACCOUNT_STATUSES = ['UNCONFIRMED', 'CONFIRMED', 'CORRECTION_PENDING'] as const;
export type TDistributionAccountStatus = (typeof DISTRIBUTION_ACCOUNT_STATUSES)[number];
export const DISTRIBUTION_ACCOUNT_STATUS_LABEL: Record<TDistributionAccountStatus, string> = {
  UNCONFIRMED: '未确认',
  CONFIRMED: '已确认',
  CORRECTION_PENDING: '待审核更正',
};

// ---- 协议 (合伙协议 / 补充协议) ----------------------------------------------------------------------------
/** A partner's agreements in a project: none generated, one waiting for the signature, all signed. */
export const AGREEMENT_STATES = ['NONE', 'PENDING', 'SIGNED'] as const;
export type TAgreementState = (typeof AGREEMENT_STATES)[number];
export const AGREEMENT_STATE_LABEL: Record<TAgreementState, string> = {
  NONE: '未生成',
  PENDING: '待签署',
  SIGNED: '已签署',
};
/** One version of a document: SUPERSEDED was replaced by a newer version before anyone signed it. */
export const AGREEMENT_STATUSES = ['PENDING', 'SIGNED', 'SUPERSEDED'] as const;
export type TAgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_STATUS_LABEL: Record<TAgreementStatus, string> = {
  PENDING: '待签署',
  SIGNED: '已签署',
  SUPERSEDED: '已作废',
};
export const AGREEMENT_KINDS = ['PARTNERSHIP', 'SUPPLEMENTARY'] as const;
export type TAgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_KIND_LABEL: Record<TAgreementKind, string> = {
  PARTNERSHIP: '合伙协议',
  SUPPLEMENTARY: '补充协议',
};

// ---- 方案审核 ----------------------------------------------------------------------------------------------
export const REVIEW_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;
export type TReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABEL: Record<TReviewStatus, string> = {
  PENDING: '待审核',
  APPROVED: '审核通过',
  REJECTED: '已驳回',
  CANCELLED: '已撤回',
};

// ---- 项目流程 (DingTalk OA) ----------------------------------------------------------------------------------
export const FLOW_TYPES = [
  'PEAK_CAPITAL',
  'SCHEME_APPROVAL',
  'PEAK_ADJUSTMENT',
  'SCHEME_CHANGE',
  'SUPPLEMENT_APPROVAL',
  'ACTUAL_PEAK',
  'PRINCIPAL_DISTRIBUTION',
  'PROFIT_DISTRIBUTION_1',
  'PROFIT_DISTRIBUTION_2',
  'PROFIT_DISTRIBUTION_3',
  'DISCLOSURE',
  'EXIT',
] as const;
export type TFlowType = (typeof FLOW_TYPES)[number];
/** Flows of one object among several, started from that object's screen (流程/退出流程), not the 项目流程 list. */
export const SUBJECT_FLOW_TYPES: readonly TFlowType[] = ['EXIT'];
/** The manual's 项目流程 list (one row per type). */
export const PROJECT_FLOW_TYPES: readonly TFlowType[] = FLOW_TYPES.filter((t) => SUBJECT_FLOW_TYPES.indexOf(t) < 0);
export const FLOW_LABEL: Record<TFlowType, string> = {
  PEAK_CAPITAL: '项目资金峰值',
  SCHEME_APPROVAL: '事业合伙立项',
  PEAK_ADJUSTMENT: '资金峰值调整',
  SCHEME_CHANGE: '立项信息变更',
  SUPPLEMENT_APPROVAL: '事业合伙补充立项(循环)',
  ACTUAL_PEAK: '实际资金峰值确认(循环)',
  PRINCIPAL_DISTRIBUTION: '本金分配',
  PROFIT_DISTRIBUTION_1: '利润分配1',
  PROFIT_DISTRIBUTION_2: '利润分配2',
  PROFIT_DISTRIBUTION_3: '利润分配3',
  DISCLOSURE: '披露(循环)',
  EXIT: '离职退休流程',
};
export const FLOW_STATUSES = ['RUNNING', 'COMPLETED', 'REJECTED', 'TERMINATED', 'RESET'] as const;
export type TFlowStatus = (typeof FLOW_STATUSES)[number];
/** NOT_STARTED is a flow without a run yet (the console's row), not a stored state. */
export const FLOW_STATUS_LABEL: Record<TFlowStatus | 'NOT_STARTED', string> = {
  NOT_STARTED: '未发起',
  RUNNING: '审批中',
  COMPLETED: '完成',
  REJECTED: '驳回',
  TERMINATED: '已撤销',
  RESET: '已重置',
};

// ---- 通知 ---------------------------------------------------------------------------------------------------
export const NOTIFICATION_CHANNELS = ['WORK', 'ROBOT', 'TODO'] as const;
export type TNotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const NOTIFICATION_CHANNEL_LABEL: Record<TNotificationChannel, string> = {
  WORK: '工作通知',
  ROBOT: '群机器人',
  TODO: '待办',
};
export const NOTIFICATION_STATUSES = [
  'PENDING',
  'QUEUED',
  'SENDING',
  'SENT',
  'DELIVERED',
  'FAILED',
  'CANCELLED',
] as const;
export type TNotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const NOTIFICATION_STATUS_LABEL: Record<TNotificationStatus, string> = {
  PENDING: '待发送',
  QUEUED: '排队中',
  SENDING: '发送中',
  SENT: '已发送',
  DELIVERED: '已送达',
  FAILED: '失败',
  CANCELLED: '已取消',
};
/** 通知记录: a batch as a whole — still going out, done with failures, or done. */
export const NOTIFICATION_BATCH_STATUSES = ['SENDING', 'FAILED', 'DONE'] as const;
export type TNotificationBatchStatus = (typeof NOTIFICATION_BATCH_STATUSES)[number];
export const NOTIFICATION_BATCH_STATUS_LABEL: Record<TNotificationBatchStatus, string> = {
  SENDING: '发送中',
  FAILED: '有失败',
  DONE: '已完成',
};
/** What a notice is (Notification.kind / NotificationBatch.kind); an unlisted kind shows as its code. */
export const NOTIFICATION_KIND_LABEL: Record<string, string> = {
  subscription_notice: '认购通知',
  round_dates_changed: '认购日期变更',
  payment_notice: '缴款通知',
  payment_notice_test: '缴款通知（测试）',
  payment_reminder: '催缴',
  payment_marked_paid: '合伙人已打款',
  payment_forfeited: '放弃缴款',
  change_notice: '补缴 / 退款通知',
  change_notice_test: '补缴 / 退款通知（测试）',
  agreement_reminder: '协议签署提醒',
  distribution_notice: '分配通知',
  distribution_account_confirm: '分配账户确认',
  disclosure_notice: '披露通知',
  review_notice: '送审通知',
  review_todo: '审核待办',
  review_todo_done: '审核待办完成',
  review_result: '审核结果',
  flow_result: '流程结果（群机器人）',
  flow_result_starter: '流程结果',
  exit_todo: '退出待办',
  exit_todo_done: '退出待办完成',
  exit_statement: '退出结算单',
  payment_overdue_staff: '逾期未缴（告知会计）',
  grant_request: '待批准授权',
};

// ---- 补缴 / 退款 as the partner reads them ----------------------------------------------------------------------------
/** A 退款 due's states as the partner reads them (the company pays, so not 未缴 / 已缴). */
export const REFUND_STATUS_LABEL: Record<Exclude<TStoredPaymentStatus, 'FORFEITED'>, string> = {
  UNPAID: '待退款',
  PARTIAL: '部分退款',
  PAID: '已退款',
};

/**
 * 系统日志: the Chinese name of each audited object (`AuditLog.entity`) and action (`AuditLog.action`). Every value a
 * server file writes has one (test/audit-labels.test.ts scans the sources); the console shows these, never the code.
 */
export const AUDIT_ENTITY_LABEL: Record<string, string> = {
  NotificationBatch: '通知批次',
  Notification: '消息',
  ExportFile: '导出文件',
  PartnerStatement: '投资对账单',
  Project: '项目',
  Agreement: '合伙协议',
  ProjectBatch: '管理批次',
  ProjectGrant: '项目授权',
  GrantRequest: '授权申请',
  ProjectBasics: '项目概况',
  ProjectScheme: '立项信息',
  Shareholder: '股东',
  ProfitIndicator: '盈利指标',
  Milestone: '项目节点',
  ProjectFlow: '项目流程',
  SubscriptionRound: '认购轮次',
  RoundPartner: '合伙名单',
  Review: '审核',
  PaymentDue: '缴款',
  CapitalEntry: '资金台账',
  SchemeChange: '立项调整',
  Template: '模板',
  Voucher: '凭证',
  VoucherPeriod: '凭证期间',
  VoucherRule: '凭证规则',
  SchemeChangeLine: '立项调整明细',
  DistributionBatch: '分配批次',
  DistributionAccount: '分配账户',
  PartnerExit: '退出',
  ExitSetting: '退出设置',
  DynamicIndicator: '盈亏动态',
  Disclosure: '披露',
  User: '用户',
  Role: '角色',
  UserRole: '用户角色',
  OrgUnit: '组织',
  DingtalkSetting: '钉钉设置',
  RobotWebhook: '机器人',
  ApprovalTemplate: '审批模板',
  Session: '登录',
  ContactSync: '通讯录同步',
  MinorityHolder: '外部股东',
  MinorityBatch: '外部股东分配批次',
  MandatoryInvestor: '强投名单',
};
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  resend_failed: '重发失败',
  attach: '上传附件',
  detach: '删除附件',
  request_export: '发起导出',
  download_export: '下载导出文件',
  download_statement: '下载投资对账单',
  import: '导入',
  edit_lines: '修改分配明细',
  import_lines: '导入分配明细',
  import_payout_results: '导入发放结果',
  create: '新建',
  update: '修改',
  delete: '删除',
  edit: '编辑',
  open: '开放',
  close: '关闭',
  settle: '清算',
  grant: '授权',
  grant_role: '授予角色',
  request_grant: '申请授权',
  approve_grant: '批准授权',
  refuse_grant: '拒绝授权',
  move: '移动',
  deactivate: '停用',
  import_create: '导入新建',
  import_update: '导入更新',
  leave: '离职',
  rejoin: '复职',
  disable: '停用',
  lock: '锁定',
  unlock: '解锁',
  reset_password: '重置密码',
  change_password: '修改密码',
  login: '登录',
  test: '测试',
  add_partners: '添加合伙人',
  remove_partner: '移除合伙人',
  change_partner_terms: '修改合伙人认购条件',
  change_round_dates: '修改认购日期',
  close_subscriptions: '提前截止认购',
  subscribe: '认购',
  decline: '放弃认购',
  calculate: '测算',
  edit_investment: '修改投资明细',
  edit_line: '修改明细',
  recalculation_required: '需重新测算',
  submit: '送审',
  approve: '审核通过',
  approved: '审核通过',
  reject: '驳回',
  returned: '退回修改',
  cancel: '撤回',
  confirm: '确认',
  reopen: '重新编辑',
  start_flow: '发起流程',
  start_peak_flow: '发起资金峰值调整',
  start_change_flow: '发起立项信息变更',
  start_exit_flow: '发起离职退休流程',
  flow_started: '流程发起',
  flow_completed: '流程完成',
  flow_rejected: '流程拒绝',
  flow_terminated: '流程终止',
  reset_flow: '重置流程',
  peak_approved: '峰值确认',
  peak_flow_stopped: '峰值流程退回',
  change_flow_not_started: '变更流程未发起',
  change_flow_stopped: '变更流程退回',
  apply: '生效',
  apply_refused: '生效被拒',
  apply_scheme_terms: '立项条款生效',
  append_capital_entries: '记入资金台账',
  send_payment_notice_test: '发送缴款通知测试',
  send_payment_notices: '发送缴款通知',
  update_template: '修改模板',
  generate_vouchers: '生成凭证',
  mark_voucher_period_exported: '标记凭证已导出',
  reset_voucher_rule: '恢复默认凭证规则',
  save_voucher_rule: '保存凭证规则',
  restore_template: '恢复模板版本',
  send_change_notice_test: '发送补缴/退款通知测试',
  send_change_notices: '发送补缴/退款通知',
  send_notices: '发送通知',
  send_reminders: '催缴',
  mark_paid: '我已打款',
  confirm_payment: '缴款确认',
  confirm_topup: '补缴确认',
  confirm_refund: '退款确认',
  reduce_due: '调减应缴',
  forfeit: '放弃缴款',
  notified: '已发通知',
  paid: '已发放',
  register_payouts: '登记发放结果',
  enter_own: '填写分配账户',
  correct: '更正分配账户',
  accept_correction: '确认更正',
  request_confirmation: '请求确认分配账户',
  save_exit_settings: '保存退出设置',
  calculate_exit: '退投测算',
  recalculate_exit: '重新测算退投',
  reject_exit: '驳回退出',
  terminate_exit: '终止退出',
  complete_exit: '退出完成',
  register_exit_payout: '登记退出打款',
  ignore_exit_flow_result: '忽略退出流程结果',
  acknowledge_mandatory: '确认强投提示',
  generate_agreement: '生成协议',
  regenerate_agreement: '重新生成协议',
  supersede_agreement: '作废协议旧版本',
  sign_agreement: '签署协议',
  send_agreement_reminders: '发送签署提醒',
};

// ---- 小股东 / 外部股东 ----------------------------------------------------------------------------------------
export const MINORITY_HOLDER_TYPES = ['PERSON', 'COMPANY'] as const;
export type TMinorityHolderType = (typeof MINORITY_HOLDER_TYPES)[number];
export const MINORITY_HOLDER_TYPE_LABEL: Record<TMinorityHolderType, string> = { PERSON: '个人', COMPANY: '公司' };
export const MINORITY_HOLDER_STATUSES = ['DRAFT', 'PENDING', 'APPROVED', 'RETURNED'] as const;
export type TMinorityHolderStatus = (typeof MINORITY_HOLDER_STATUSES)[number];
export const MINORITY_HOLDER_STATUS_LABEL: Record<TMinorityHolderStatus, string> = {
  DRAFT: '登记中',
  PENDING: '审核中',
  APPROVED: '审核通过',
  RETURNED: '已退回',
};
export const MINORITY_BATCH_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'PAID'] as const;
export type TMinorityBatchStatus = (typeof MINORITY_BATCH_STATUSES)[number];
export const MINORITY_BATCH_STATUS_LABEL: Record<TMinorityBatchStatus, string> = {
  DRAFT: '录入中',
  SUBMITTED: '审核中',
  APPROVED: '审核通过',
  PAID: '已发放',
};
