/**
 * Demo organisation, projects and people: the manual's 项目维护 screenshot (seven projects) and its
 * distribution table (partner names). Also the organisation the DingTalk emulator serves, so a partner
 * who logs in through DingTalk 免登 in the demo is the same person as in our database.
 */
import type { OrgUnitKind, ProjectOperator, RoleKind } from '../generated/prisma/enums';

export const DEMO_PASSWORD = 'Gentou@2026';

export interface DemoOrgUnit {
  code: string;
  name: string;
  kind: OrgUnitKind;
  parent?: string;
  dingDeptId: number;
}
export const demoOrgUnits: DemoOrgUnit[] = [
  { code: 'HOLDING', name: '锦艺控股集团', kind: 'HOLDING', dingDeptId: 1 },
  { code: 'GROUP', name: '置业集团', kind: 'GROUP', parent: 'HOLDING', dingDeptId: 100 },
  { code: 'HUANHU', name: '环沪城市公司', kind: 'CITY', parent: 'GROUP', dingDeptId: 110 },
  { code: 'CHENGJING', name: '澄靖直属项目公司', kind: 'DIRECT', parent: 'HUANHU', dingDeptId: 111 },
  { code: 'TAIAN', name: '泰安直属项目公司', kind: 'DIRECT', parent: 'HUANHU', dingDeptId: 112 },
  { code: 'MAANSHAN', name: '马鞍山直属项目公司', kind: 'DIRECT', parent: 'HUANHU', dingDeptId: 113 },
  { code: 'CHANGZHOU', name: '常州直属项目公司', kind: 'DIRECT', parent: 'HUANHU', dingDeptId: 114 },
  { code: 'ZHUZHOU', name: '株洲直属项目公司', kind: 'DIRECT', parent: 'GROUP', dingDeptId: 120 },
  { code: 'KUNMING', name: '昆明城市公司', kind: 'CITY', parent: 'GROUP', dingDeptId: 130 },
  { code: 'JINAN', name: '济南城市公司', kind: 'CITY', parent: 'GROUP', dingDeptId: 140 },
];

export const demoBatches = ['2018年11月', '2019年2月', '2019年3月', '2019年10月'];

export interface DemoProject {
  name: string;
  company: string;
  acquiredOn: string;
  batch: string;
  isOpen: boolean;
  isSettled: boolean;
  isJointOperation: boolean;
  operator: ProjectOperator;
  acquisitionMethod: string;
}
// 操盘方 in the screenshot: 锦艺操盘 / 锦艺方 → OURS (我方操盘), 自操盘 → SELF.
export const demoProjects: DemoProject[] = [
  {
    name: '昆明-城市之光',
    company: 'KUNMING',
    acquiredOn: '2019-02-21',
    batch: '2019年2月',
    isOpen: true,
    isSettled: false,
    isJointOperation: true,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
  {
    name: '靖江项目',
    company: 'CHENGJING',
    acquiredOn: '2019-10-21',
    batch: '2019年10月',
    isOpen: true,
    isSettled: false,
    isJointOperation: false,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
  {
    name: '泰安-锦艺誉峯',
    company: 'TAIAN',
    acquiredOn: '2019-03-21',
    batch: '2019年3月',
    isOpen: true,
    isSettled: false,
    isJointOperation: false,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
  {
    name: '马鞍山-林语春风',
    company: 'MAANSHAN',
    acquiredOn: '2019-03-15',
    batch: '2019年3月',
    isOpen: true,
    isSettled: false,
    isJointOperation: false,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
  {
    name: '株洲-锦湘悦',
    company: 'ZHUZHOU',
    acquiredOn: '2019-05-05',
    batch: '2018年11月',
    isOpen: true,
    isSettled: false,
    isJointOperation: true,
    operator: 'SELF',
    acquisitionMethod: '收并购',
  },
  {
    name: '江阴项目',
    company: 'CHENGJING',
    acquiredOn: '2019-10-30',
    batch: '2019年10月',
    isOpen: true,
    isSettled: false,
    isJointOperation: true,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
  {
    name: '常州项目',
    company: 'CHANGZHOU',
    acquiredOn: '2019-10-23',
    batch: '2019年10月',
    isOpen: true,
    isSettled: false,
    isJointOperation: false,
    operator: 'OURS',
    acquisitionMethod: '招拍挂',
  },
];

export interface DemoRole {
  code: string;
  name: string;
  kind: RoleKind;
  orgUnit?: string;
}
export const demoRoles: DemoRole[] = [
  { code: 'SYSTEM_ADMIN', name: '系统管理员', kind: 'SYSTEM_ADMIN' },
  { code: 'BUSINESS_ADMIN', name: '业务管理员', kind: 'BUSINESS_ADMIN' },
  { code: 'HOLDING_ACCOUNTANT', name: '控股集团经营会计', kind: 'HOLDING_ACCOUNTANT', orgUnit: 'HOLDING' },
  { code: 'GROUP_ACCOUNTANT', name: '置业集团经营会计', kind: 'GROUP_ACCOUNTANT', orgUnit: 'GROUP' },
  { code: 'CITY_ACCOUNTANT_HUANHU', name: '环沪城市公司经营会计', kind: 'CITY_ACCOUNTANT', orgUnit: 'HUANHU' },
  { code: 'CITY_ACCOUNTANT_KUNMING', name: '昆明城市公司经营会计', kind: 'CITY_ACCOUNTANT', orgUnit: 'KUNMING' },
  { code: 'CITY_ACCOUNTANT_JINAN', name: '济南城市公司经营会计', kind: 'CITY_ACCOUNTANT', orgUnit: 'JINAN' },
  { code: 'CITY_ACCOUNTANT_ZHUZHOU', name: '株洲直属项目公司经营会计', kind: 'CITY_ACCOUNTANT', orgUnit: 'ZHUZHOU' },
  { code: 'PARTNER', name: '合伙人', kind: 'PARTNER' },
];

export interface DemoUser {
  username?: string;
  name: string;
  dingUserId: string;
  mobile: string;
  orgUnit: string;
  title?: string;
  roles: string[];
  /** project names granted through each of the user's accountant roles */ grants?: string[];
}

const staff: DemoUser[] = [
  {
    username: 'admin',
    name: '系统管理员',
    dingUserId: 'admin001',
    mobile: '13800000001',
    orgUnit: 'HOLDING',
    title: '信息中心',
    roles: ['SYSTEM_ADMIN'],
  },
  {
    username: 'hhadmin',
    name: '业务管理员',
    dingUserId: 'hhadmin01',
    mobile: '13800000002',
    orgUnit: 'GROUP',
    title: '运营管理部',
    roles: ['BUSINESS_ADMIN', 'PARTNER'],
  },
  {
    username: 'kgkj',
    name: '控股会计-周敏',
    dingUserId: 'kgkj001',
    mobile: '13800000003',
    orgUnit: 'HOLDING',
    title: '经营会计',
    roles: ['HOLDING_ACCOUNTANT', 'PARTNER'],
    grants: demoProjects.map((p) => p.name),
  },
  {
    username: 'zykj',
    name: '置业会计-吴静',
    dingUserId: 'zykj001',
    mobile: '13800000004',
    orgUnit: 'GROUP',
    title: '经营会计',
    roles: ['GROUP_ACCOUNTANT', 'PARTNER'],
    grants: demoProjects.map((p) => p.name),
  },
  {
    username: 'hhkj',
    name: '环沪会计-陈洁',
    dingUserId: 'hhkj001',
    mobile: '13800000005',
    orgUnit: 'HUANHU',
    title: '经营会计',
    roles: ['CITY_ACCOUNTANT_HUANHU', 'PARTNER'],
    grants: ['靖江项目', '泰安-锦艺誉峯', '马鞍山-林语春风', '江阴项目', '常州项目'],
  },
  {
    username: 'kmkj',
    name: '昆明会计-李娜',
    dingUserId: 'kmkj001',
    mobile: '13800000006',
    orgUnit: 'KUNMING',
    title: '经营会计',
    roles: ['CITY_ACCOUNTANT_KUNMING', 'PARTNER'],
    grants: ['昆明-城市之光'],
  },
  {
    username: 'jnkj',
    name: '济南会计-赵蕾',
    dingUserId: 'jnkj001',
    mobile: '13800000007',
    orgUnit: 'JINAN',
    title: '经营会计',
    roles: ['CITY_ACCOUNTANT_JINAN', 'PARTNER'],
  },
  {
    username: 'zzkj',
    name: '株洲会计-孙倩',
    dingUserId: 'zzkj001',
    mobile: '13800000008',
    orgUnit: 'ZHUZHOU',
    title: '经营会计',
    roles: ['CITY_ACCOUNTANT_ZHUZHOU', 'PARTNER'],
    grants: ['株洲-锦湘悦'],
  },
];

// The partners of the manual's distribution table, spread over the companies, plus a few more.
const partnerNames = [
  '史伟',
  '金涛',
  '王磊',
  '刘乔',
  '周峰',
  '马海明',
  '崔振涛',
  '李瑾',
  '牛甲明',
  '肖鹏',
  '贾开航',
  '刘伟',
  '许之茂',
  '钟杨',
  '郭萍',
  '何天友',
  '苏萧龙',
  '任闽涛',
  '高光明',
  '陈家仁',
  '陈剑雄',
  '朱开龙',
  '黄荣健',
  '谢顺',
  '刘文峰',
  '郑家强',
  '陈航斌',
  '张虎臣',
  '杨泽强',
  '寇彦玲',
  '林宏',
  '张秉建',
  '徐慎亮',
  '毛嘉麟',
  '王海燕',
  '李建国',
  '张丽华',
  '赵志强',
  '钱晓东',
  '孙浩然',
];
const partnerCompanies = ['HUANHU', 'CHENGJING', 'TAIAN', 'MAANSHAN', 'CHANGZHOU', 'ZHUZHOU', 'KUNMING', 'JINAN'];
const partners: DemoUser[] = partnerNames.map((name, i) => ({
  name,
  dingUserId: `u${String(1001 + i)}`,
  mobile: `139${String(10000001 + i).padStart(8, '0')}`,
  orgUnit: partnerCompanies[i % partnerCompanies.length]!,
  title: i % 5 === 0 ? '项目总经理' : i % 3 === 0 ? '营销经理' : '工程师',
  roles: ['PARTNER'],
}));

export const demoUsers: DemoUser[] = [...staff, ...partners];

/** unionId the emulator hands out for a userid (stable, so todo calls can be checked). */
export const demoUnionId = (dingUserId: string) => `union-${dingUserId}`;
