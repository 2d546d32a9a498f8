/**
 * Every BFF endpoint the mini-program calls — the only module that knows URLs.
 * Auth and /api/me belong to the identity contract; overview, project, subscription, payment notices and
 * reviews are server/modules/me and server/modules/reviews; 分配账户 and 分配通知 are server/modules/distributions;
 * 退出结算单 is server/modules/me; 协议 is server/modules/agreements. The mini-program has no page whose endpoint the
 * BFF does not serve.
 */
import { config } from '../config';
import { request, upload } from './request';
import type { TAgreementLink, TMyAgreements, TSignedAgreement, TSigningStart } from '../../shared/api/agreements';
import type { TCapitalHistory } from '../../shared/api/capital';
import type { TMyExitStatement } from '../../shared/api/exits';
import type { TMyDisclosureDigest } from '../../shared/api/disclosure';
import type { TMyStatement, TStatementLink } from '../../shared/api/statement';
import type { TMeResponse } from '../../shared/api/identity';
import type { TMyPaymentNotice, TMyProject, TMySubscription, TOverview } from '../../shared/api/me';
import type { TReviewDetail, TReviewPage } from '../../shared/api/reviews';
import type { TMyChangeDue } from '../../shared/api/scheme-change';
import type { TBankAccountInput, TMyDistributionAccount, TMyDistributionLine } from '../../shared/api/distributions';

/** Reads keep errors to the page (empty / error state); writes toast them. */
const quiet = true;
const REVIEW_PAGE_SIZE = 50;

export const api = {
  me: () => request<TMeResponse>({ method: 'GET', path: '/api/me', quiet }),

  overview: () => request<TOverview>({ method: 'GET', path: '/api/me/overview', quiet }),
  project: (projectId: number) => request<TMyProject>({ method: 'GET', path: `/api/me/projects/${projectId}`, quiet }),

  subscription: (projectId: number) =>
    request<TMySubscription>({ method: 'GET', path: `/api/me/projects/${projectId}/subscription`, quiet }),
  submitSubscription: (projectId: number, amount: string) =>
    request<TMySubscription>({
      method: 'POST',
      path: `/api/me/projects/${projectId}/subscription`,
      body: { amount },
    }),

  paymentNotice: (noticeId: number) =>
    request<TMyPaymentNotice>({ method: 'GET', path: `/api/me/payment-notices/${noticeId}`, quiet }),
  /** "我已打款" with a receipt photo (multipart field `file`). */
  markPaid: (noticeId: number, filePath: string) =>
    upload<TMyPaymentNotice>(`/api/me/payment-notices/${noticeId}/receipts`, filePath),

  /** 投资记录 from the capital ledger. */
  capitalHistory: (projectId: number) =>
    request<TCapitalHistory>({ method: 'GET', path: `/api/me/projects/${projectId}/capital-history`, quiet }),
  /** A 补缴 or 退款 after a peak change; 我已打款 on a 补缴 is markPaid (it is a payment due like any other). */
  changeDue: (dueId: number) => request<TMyChangeDue>({ method: 'GET', path: `/api/me/change-dues/${dueId}`, quiet }),

  /** 退出结算单: my exit from a project (the payout notice's action card). */
  exitStatement: (exitId: number) =>
    request<TMyExitStatement>({ method: 'GET', path: `/api/me/exits/${exitId}`, quiet }),

  /** 项目披露: every project of my 披露通知 of a day (its action card). */
  disclosureDigest: (digestId: number) =>
    request<TMyDisclosureDigest>({ method: 'GET', path: `/api/me/disclosure-digests/${digestId}`, quiet }),
  /** 投资对账单: my money per project and overall (MOIC, XIRR). */
  statement: () => request<TMyStatement>({ method: 'GET', path: '/api/me/statement', quiet }),
  /** A signed link to the statement's PDF, valid for minutes (dd.downloadFile sends no Authorization header). */
  statementLink: () => request<TStatementLink>({ method: 'POST', path: '/api/me/statement/pdf-link', body: {} }),

  /** My line of a distribution batch (分配通知), once its notice is out. */
  distributionLine: (lineId: number) =>
    request<TMyDistributionLine>({ method: 'GET', path: `/api/me/distributions/${lineId}`, quiet }),
  /** 分配账户 (the number masked). */
  distributionAccount: () =>
    request<TMyDistributionAccount>({ method: 'GET', path: '/api/me/distribution-account', quiet }),
  /** Enter my account (none on file: 已确认 at once) or correct it (待审核更正 until the accountant accepts). */
  saveDistributionAccount: (input: TBankAccountInput) =>
    request<TMyDistributionAccount>({ method: 'PUT', path: '/api/me/distribution-account', body: input }),
  confirmDistributionAccount: () =>
    request<TMyDistributionAccount>({ method: 'POST', path: '/api/me/distribution-account/confirm', body: {} }),

  /** 协议: my 合伙协议 / 补充协议 in a project. */
  agreements: (projectId: number) =>
    request<TMyAgreements>({ method: 'GET', path: `/api/me/projects/${projectId}/agreement`, quiet }),
  /** A signed download path, valid for minutes (dd.downloadFile sends no session). */
  agreementLink: (agreementId: number) =>
    request<TAgreementLink>({ method: 'GET', path: `/api/me/agreements/${agreementId}/link` }),
  /** What the second confirmation shows: the amount in figures and 大写, the document's hash. */
  startSigning: (agreementId: number) =>
    request<TSigningStart>({ method: 'POST', path: `/api/me/agreements/${agreementId}/signing`, body: {} }),
  /** 确认签署 of the document with this hash; confirming again changes nothing. */
  signAgreement: (agreementId: number, sha256: string) =>
    request<TSignedAgreement>({
      method: 'POST',
      path: `/api/me/agreements/${agreementId}/signature`,
      body: { sha256 },
    }),

  /** The first page of the queue (newest first); `total` counts all pending items. */
  pendingReviews: () =>
    request<TReviewPage>({
      method: 'GET',
      path: '/api/reviews',
      query: { status: 'pending', pageSize: REVIEW_PAGE_SIZE },
      quiet,
    }),
  review: (reviewId: number) => request<TReviewDetail>({ method: 'GET', path: `/api/reviews/${reviewId}`, quiet }),
  /** `version` as loaded: if someone decided meanwhile the BFF answers 409 instead of deciding twice. */
  approveReview: (reviewId: number, version: number) =>
    request<TReviewDetail>({ method: 'POST', path: `/api/reviews/${reviewId}/approve`, body: { version } }),
  rejectReview: (reviewId: number, version: number, reason: string) =>
    request<TReviewDetail>({
      method: 'POST',
      path: `/api/reviews/${reviewId}/reject`,
      body: { version, reason },
    }),
};

export function chooseImage(): Promise<string | null> {
  return new Promise<string | null>((resolve) => {
    dd.chooseImage({
      count: 1,
      sourceType: ['camera', 'album'],
      success: (res) => resolve(res.filePaths[0] ?? null),
      fail: () => resolve(null),
    });
  });
}

/** Downloads a file from a BFF path (a signed link: no header needed) and returns the local path. */
export function downloadFile(path: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    dd.downloadFile({
      url: `${config.apiBase}${path}`,
      success: (res) => resolve(res.filePath),
      fail: (err) => reject(new Error(`下载失败（${err.error}）`)),
    });
  });
}

export function openDocument(filePath: string, fileType: DdDocumentType): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    dd.openDocument({
      filePath,
      fileType,
      success: () => resolve(),
      fail: (err) =>
        reject(new Error(err.error === 2 ? '当前设备无法打开该类型的文件' : `打开文件失败（${err.error}）`)),
    });
  });
}
