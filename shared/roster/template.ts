/**
 * The blank roster template (集体名单导入模板): one sheet to fill in, with the canonical headers
 * under a title row, and a 说明 sheet that documents every column. The output is deterministic
 * (no timestamps), so the same product version always offers byte-identical templates.
 */
import * as XLSX from 'xlsx';
import { COLLECTIVE_TYPES, ROSTER_FIELDS, collectiveTypeSynonyms } from './fields';
import { MAX_NAME_LENGTH, MAX_ROSTER_ROWS } from './parse';

export const ROSTER_SHEET_NAME = '集体名单';
export const ROSTER_INSTRUCTIONS_SHEET_NAME = '说明';
export const ROSTER_TEMPLATE_TITLE = '青年文明号创建集体名单';

export function rosterTemplate(): Uint8Array {
  const headers = ROSTER_FIELDS.map((f) => f.header);
  const list = XLSX.utils.aoa_to_sheet([[ROSTER_TEMPLATE_TITLE], headers]);
  list['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: headers.length - 1 } }];
  list['!cols'] = ROSTER_FIELDS.map((f) => ({ wch: f.field === 'name' || f.field === 'honours' ? 36 : f.field === 'parentOrganisation' ? 28 : 16 }));

  const synonyms = collectiveTypeSynonyms();
  const instructions: string[][] = [
    ['集体名单填写说明'],
    [],
    ['列名', '填写要求'],
    ...ROSTER_FIELDS.map((f) => [f.header, f.instruction]),
    [],
    ['集体类型', '可识别的写法'],
    ...COLLECTIVE_TYPES.map((t) => [t, (synonyms.get(t) ?? []).join('、') || '—']),
    [],
    ['注意事项'],
    ['1.', `在“${ROSTER_SHEET_NAME}”工作表第2行表头下方逐行填写，每个集体一行；表头可保留标题行，列的顺序可以调整。`],
    ['2.', `集体名称为必填项，不超过${MAX_NAME_LENGTH}个字，须使用规范名称；同一文件中名称不能重复。`],
    ['3.', '全角数字、字母和多余空格会自动转换；人数须为正整数，35岁以下青年人数不能大于成员人数。'],
    ['4.', '按行业或地方归口关系报备，不可多途径申报；系统会提示与已有集体名称相近的记录，请核对。'],
    ['5.', '重复导入同一文件不会产生重复集体：有用户名（编码）的按编码更新，否则按名称更新。'],
    ['6.', `每个文件最多${MAX_ROSTER_ROWS}行；文件不能设置打开密码。`],
  ];
  const help = XLSX.utils.aoa_to_sheet(instructions);
  help['!cols'] = [{ wch: 18 }, { wch: 90 }];

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, list, ROSTER_SHEET_NAME);
  XLSX.utils.book_append_sheet(wb, help, ROSTER_INSTRUCTIONS_SHEET_NAME);
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return new Uint8Array(out);
}
