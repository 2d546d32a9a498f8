import { indexByName, matchPartnerRow, type PersonForMatch } from './match-partner-row';

const people: PersonForMatch[] = [
  { id: 1, name: '史伟', mobile: '13910000001', jobNumber: 'E001', dingUserId: 'u1001', unit: '环沪城市公司' },
  { id: 2, name: '王磊', mobile: '13910000002', jobNumber: 'E002', dingUserId: 'u1002', unit: '环沪城市公司' },
  { id: 3, name: '王磊', mobile: '13910000003', jobNumber: 'E003', dingUserId: 'u1003', unit: '济南城市公司' },
];
const idx = indexByName(people);

test('a unique name is enough', () => {
  expect(matchPartnerRow({ name: '史伟' }, idx)).toEqual({ ok: true, person: people[0] });
  expect(matchPartnerRow({ name: ' 史伟 ' }, idx)).toMatchObject({ ok: true });
});

test('a repeated name asks for the mobile or 工号, naming where each works', () => {
  expect(matchPartnerRow({ name: '王磊' }, idx)).toEqual({
    ok: false,
    column: '姓名',
    message: '有 2 名在职员工叫「王磊」（环沪城市公司、济南城市公司），请填写手机号或工号以区分',
  });
  expect(matchPartnerRow({ name: '王磊', mobile: '139 1000 0003' }, idx)).toEqual({ ok: true, person: people[2] });
  expect(matchPartnerRow({ name: '王磊', jobNumber: 'E002' }, idx)).toEqual({ ok: true, person: people[1] });
});

test('every key given must agree with the name; the DingTalk id is optional', () => {
  expect(matchPartnerRow({ name: '史伟', mobile: '13910000002' }, idx)).toMatchObject({ ok: false, column: '手机号' });
  expect(matchPartnerRow({ name: '史伟', jobNumber: 'E003' }, idx)).toMatchObject({ ok: false, column: '工号' });
  expect(matchPartnerRow({ name: '史伟', dingUserId: 'u1002' }, idx)).toMatchObject({
    ok: false,
    column: '钉钉ID',
    message: '钉钉ID 与「史伟」不符（钉钉ID 可不填）',
  });
  expect(matchPartnerRow({ name: '王磊', dingUserId: 'u1003' }, idx)).toEqual({ ok: true, person: people[2] });
});

test('unknown or missing names are named', () => {
  expect(matchPartnerRow({ name: '' }, idx)).toEqual({ ok: false, column: '姓名', message: '请填写姓名' });
  expect(matchPartnerRow({ name: '张三' }, idx)).toEqual({
    ok: false,
    column: '姓名',
    message: '找不到名为「张三」的在职员工',
  });
});
