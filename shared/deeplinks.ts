/**
 * Deep links into the DingTalk mini-program. A work notification's action card carries an
 * `eapp://pages/<name>/index?<params>` URL; DingTalk opens that page and passes the params to its onLoad.
 * The BFF builds the URLs with `eappUrl`, the mini-program's pages read them back with `readParams`.
 * Pure functions: no DOM, no `dd`, no Node APIs — both sides import this file.
 */

/** Every page a link may open, with the parameters it needs (all positive integer ids). */
export const MINIAPP_PAGES = {
  home: { title: '首页', params: [] },
  project: { title: '项目详情', params: ['projectId'] },
  subscribe: { title: '认购', params: ['projectId'] },
  payment: { title: '缴款通知', params: ['noticeId'] },
  /** 补缴 / 退款通知 after a peak change (立项调整): a due of kind TOPUP or REFUND. */
  'change-notice': { title: '补缴/退款通知', params: ['dueId'] },
  /** 投资记录: a partner's commitments, 立项调整, payments, 补缴 and 退款 in one project (the capital ledger). */
  history: { title: '投资记录', params: ['projectId'] },
  distribution: { title: '分配通知', params: ['lineId'] },
  /** 项目披露: a partner's 披露通知 of a day — every project disclosed to them that day. */
  disclosure: { title: '项目披露', params: ['digestId'] },
  /** 协议: the partner's 合伙协议 / 补充协议 in a project — read the PDF, 确认签署. */
  agreement: { title: '协议', params: ['projectId'] },
  /** 退出结算单: the partner's exit (退投) — the parts of the price, the 承接 and the payout. */
  exit: { title: '退出结算单', params: ['exitId'] },
  account: { title: '分配账户', params: [] },
  /** 投资对账单: the partner's money per project and overall (MOIC, XIRR), with a PDF to download. */
  statement: { title: '投资对账单', params: [] },
  reviews: { title: '审批', params: [] },
  review: { title: '审批详情', params: ['reviewId'] },
  mine: { title: '我的', params: [] },
  login: { title: '登录', params: [] },
} as const;

export type MiniappPage = keyof typeof MINIAPP_PAGES;
export type PageParamName<P extends MiniappPage> = (typeof MINIAPP_PAGES)[P]['params'][number];
export type PageParams<P extends MiniappPage> = { [K in PageParamName<P>]: number };

/** Pages on the tab bar: open them with switchTab, they take no parameters. 审批 is not a tab (only reviewers see it: an entry on 首页 and 我的). */
export const TAB_PAGES: readonly MiniappPage[] = ['home', 'mine'];

/** `eapp://pages/exit/index?exitId=12` — the action card of the exit payout notice. */
export const exitStatementUrl = (exitId: number): string => eappUrl('exit', { exitId });

/** Which page each kind of notice opens. */
export const NOTICE_PAGE = {
  SUBSCRIPTION: 'subscribe',
  PAYMENT: 'payment',
  REMINDER: 'payment',
  TOP_UP: 'change-notice',
  REFUND: 'change-notice',
  ACCOUNT_CONFIRM: 'account',
  DISTRIBUTION: 'distribution',
  DISCLOSURE: 'disclosure',
  EXIT: 'exit',
  REVIEW: 'review',
  AGREEMENT: 'agreement',
} as const satisfies Record<string, MiniappPage>;

export type NoticeKind = keyof typeof NOTICE_PAGE;

export const pagePathOf = (page: MiniappPage): string => `pages/${page}/index`;

function isPage(name: string): name is MiniappPage {
  return Object.prototype.hasOwnProperty.call(MINIAPP_PAGES, name);
}

const ID_RE = /^[1-9]\d{0,14}$/;

function queryString(page: MiniappPage, params: Record<string, number>): string {
  const names: readonly string[] = MINIAPP_PAGES[page].params;
  const parts: string[] = [];
  for (const name of names) {
    const v = params[name];
    if (typeof v !== 'number' || !ID_RE.test(String(v)))
      throw new Error(`deep link ${page}: parameter ${name} must be a positive integer`);
    parts.push(`${name}=${v}`);
  }
  for (const key of Object.keys(params))
    if (names.indexOf(key) < 0) throw new Error(`deep link ${page}: unknown parameter ${key}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `pages/payment/index?noticeId=12` — for dd.navigateTo / dd.redirectTo (prefix with "/"). */
export function pageUrl<P extends MiniappPage>(page: P, params: PageParams<P>): string {
  return `/${pagePathOf(page)}${queryString(page, params)}`;
}

/** The same for a page chosen at run time (e.g. from a notice); the parameters are checked here. */
export function pageUrlFor(page: MiniappPage, params: Record<string, number>): string {
  return `/${pagePathOf(page)}${queryString(page, params)}`;
}

/** `eapp://pages/payment/index?noticeId=12` — the action-card URL of a work notification. */
export function eappUrl<P extends MiniappPage>(page: P, params: PageParams<P>): string {
  return `eapp://${pagePathOf(page)}${queryString(page, params)}`;
}

/** The action-card URL for a notice of the given kind. */
export function noticeUrl<K extends NoticeKind>(kind: K, params: PageParams<(typeof NOTICE_PAGE)[K]>): string {
  return eappUrl(NOTICE_PAGE[kind], params);
}

export type ParsedLink = { page: MiniappPage; params: Record<string, number> };

/** Reads an eapp:// URL (or a page path with query) back; null when it does not name a known page with valid ids. */
export function parseLink(url: string): ParsedLink | null {
  const m = /^(?:eapp:\/\/|\/)?pages\/([a-z]+(?:-[a-z]+)*)\/index(?:\?(.*))?$/.exec(url);
  if (!m || !isPage(m[1]!)) return null;
  const page = m[1]!;
  const query: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    query[k] = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
  }
  const params = readParams(page, query);
  return params ? { page, params } : null;
}

/** A page's parameters from its onLoad query; null when one is missing or not a positive integer. */
export function readParams<P extends MiniappPage>(
  page: P,
  query: Record<string, string | undefined>,
): PageParams<P> | null {
  const out: Record<string, number> = {};
  for (const name of MINIAPP_PAGES[page].params as readonly string[]) {
    const raw = query[name];
    if (raw === undefined || !ID_RE.test(raw)) return null;
    out[name] = Number(raw);
  }
  return out as PageParams<P>;
}
