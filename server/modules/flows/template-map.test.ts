import { applyFieldMap } from './template-map';

describe('applyFieldMap', () => {
  it('renames fields and table columns, drops fields mapped to "", keeps unknown fields as they are', () => {
    const out = applyFieldMap(
      [
        { name: '项目名称', value: '靖江' },
        { name: '取得方式', value: '' },
        {
          name: '分层级明细',
          componentType: 'TableField',
          table: [
            [
              { name: '类别', value: '一级' },
              { name: '本次总额', value: '¥1.00' },
            ],
          ],
        },
        { name: '新字段', value: 'x' },
      ],
      { 项目名称: '项目', 取得方式: '', 分层级明细: '明细', '分层级明细/类别': '层级', '分层级明细/本次总额': '' },
    );
    expect(out).toEqual([
      { name: '项目', value: '靖江' },
      {
        name: '明细',
        componentType: 'TableField',
        table: [
          [
            { name: '层级', value: '一级' },
            { name: '本次总额', value: '¥1.00' },
          ],
        ],
      },
      { name: '新字段', value: 'x' },
    ]);
  });
});
