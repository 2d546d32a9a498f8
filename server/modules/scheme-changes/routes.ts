/** 峰值变更 → 立项调整 → 方案审核 → 立项信息变更 → 补缴/退款 (contracts: shared/api/scheme-change.ts). */
import { z } from 'zod';
import { loggedIn, schemeChangeMoney, schemeChangePrepare, schemeChangeRead } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZChangeDueConfirm,
  ZChangeDueConfirmed,
  ZChangeDueList,
  ZChangeLineEdit,
  ZChangeNoticesSend,
  ZChangeNoticesSent,
  ZMyChangeDue,
  ZSchemeChangeDetail,
  ZSchemeChangeInput,
  ZSchemeChangeList,
  ZSchemeChangeSubmitted,
  ZSchemeChangeUpdate,
  ZSchemeChangeVersion,
} from '../../../shared/api/scheme-change';
import { auditActorOf } from '../../lib/audit';
import { calculateChange, editChangeLine } from './calculate-change';
import { changeDetail, listChanges } from './change-detail';
import { changeDues, myChangeDue, sendChangeNotices } from './change-dues';
import { submitChangeForReview } from './change-review';
import { confirmChangeDue } from './confirm-change-due';
import { cancelChange, createChange, updateChange } from './draft-change';

const ZChange = z.object({ id: ZId, changeId: ZId });

export const schemeChangeRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/scheme-changes',
    summary: '峰值变更列表',
    response: ZSchemeChangeList,
    policy: schemeChangeRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => listChanges(deps, params.id),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes',
    summary: '峰值变更：录入新的资金峰值、层级占比、单人上限比例与股东信息',
    response: ZSchemeChangeDetail,
    policy: schemeChangePrepare,
    params: ZIdParams,
    body: ZSchemeChangeInput,
    status: 201,
    handler: (rc, { params, body }) => createChange(rc.deps, auditActorOf(rc), params.id, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/scheme-changes/:changeId',
    summary: '峰值变更详情：新旧条件、各层级额度、立项调整明细、流程、审核与补缴/退款',
    response: ZSchemeChangeDetail,
    policy: schemeChangeRead,
    params: ZChange,
    handler: ({ deps }, { params }) => changeDetail(deps, params.id, params.changeId),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/scheme-changes/:changeId',
    summary: '修改峰值变更（草稿）',
    response: ZSchemeChangeDetail,
    policy: schemeChangePrepare,
    params: ZChange,
    body: ZSchemeChangeUpdate,
    handler: (rc, { params, body }) => updateChange(rc.deps, auditActorOf(rc), params.id, params.changeId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes/:changeId/cancel',
    summary: '取消峰值变更（草稿）',
    response: ZSchemeChangeDetail,
    policy: schemeChangePrepare,
    params: ZChange,
    body: ZSchemeChangeVersion,
    handler: (rc, { params, body }) =>
      cancelChange(rc.deps, auditActorOf(rc), params.id, params.changeId, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes/:changeId/calculate',
    summary: '立项调整：峰值调整投资计算',
    response: ZSchemeChangeDetail,
    policy: schemeChangePrepare,
    params: ZChange,
    body: ZSchemeChangeVersion,
    handler: (rc, { params, body }) =>
      calculateChange(rc.deps, auditActorOf(rc), params.id, params.changeId, body.version),
  }),
  route({
    method: 'PUT',
    path: '/api/projects/:id/scheme-changes/:changeId/lines/:lineId',
    summary: '修改立项调整金额（须填写原因）',
    response: ZSchemeChangeDetail,
    policy: schemeChangePrepare,
    params: ZChange.extend({ lineId: ZId }),
    body: ZChangeLineEdit,
    handler: (rc, { params, body }) =>
      editChangeLine(rc.deps, auditActorOf(rc), params.id, params.changeId, params.lineId, body),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes/:changeId/submit',
    summary: '立项调整送审（方案审核）',
    response: ZSchemeChangeSubmitted,
    policy: schemeChangePrepare,
    params: ZChange,
    body: ZSchemeChangeVersion,
    handler: (rc, { params, body }) =>
      submitChangeForReview(rc.deps, auditActorOf(rc), params.id, params.changeId, body.version),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes/:changeId/notices',
    summary: '发送补缴/退款通知（可先发测试消息给自己）',
    response: ZChangeNoticesSent,
    policy: schemeChangeMoney,
    params: ZChange,
    body: ZChangeNoticesSend,
    handler: (rc, { params, body }) =>
      sendChangeNotices(rc.deps, auditActorOf(rc), rc.actor.userId, params.id, params.changeId, body),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/scheme-changes/:changeId/dues',
    summary: '补缴/退款明细与状态',
    response: ZChangeDueList,
    policy: schemeChangeRead,
    params: ZChange,
    handler: ({ deps }, { params }) => changeDues(deps, params.id, params.changeId),
  }),
  route({
    method: 'POST',
    path: '/api/projects/:id/scheme-changes/:changeId/dues/:dueId/confirm',
    summary: '变更缴款确认：补缴到账 / 退款已付（可部分；同一确认编号重复提交不重复入账）',
    response: ZChangeDueConfirmed,
    policy: schemeChangeMoney,
    params: ZChange.extend({ dueId: ZId }),
    body: ZChangeDueConfirm,
    handler: (rc, { params, body }) =>
      confirmChangeDue(rc.deps, auditActorOf(rc), params.id, params.changeId, params.dueId, body),
  }),
  route({
    method: 'GET',
    path: '/api/me/change-dues/:dueId',
    summary: '我的补缴/退款通知',
    response: ZMyChangeDue,
    policy: loggedIn,
    params: z.object({ dueId: ZId }),
    handler: ({ deps, actor }, { params }) => myChangeDue(deps, actor.userId, params.dueId),
  }),
];
