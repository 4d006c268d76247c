/**
 * The blank 社会评价 import template: one sheet under a title row, and a 说明 sheet documenting
 * every column. Deterministic bytes (no timestamps).
 */
import * as XLSX from 'xlsx';
import { EVALUATION_SOURCES, EVALUATION_SOURCE_LABEL, sourceSynonyms } from './fields';
import { EVALUATION_COLUMNS, MAX_EVALUATION_ROWS } from './parse';

export const EVALUATION_SHEET_NAME = '社会评价';

export function evaluationTemplate(): Uint8Array {
  const headers = EVALUATION_COLUMNS.map((c) => c.header);
  const list = XLSX.utils.aoa_to_sheet([['青年文明号集体社会评价登记表'], headers]);
  list['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: headers.length - 1 } }];
  list['!cols'] = EVALUATION_COLUMNS.map((c) => ({ wch: c.field === 'collective' || c.field === 'content' ? 36 : 14 }));
  const syn = sourceSynonyms();
  const help = XLSX.utils.aoa_to_sheet([
    ['社会评价填写说明'],
    [],
    ['列名', '填写要求'],
    ...EVALUATION_COLUMNS.map((c) => [c.header, c.instruction]),
    [],
    ['评价来源', '可识别的写法'],
    ...EVALUATION_SOURCES.map((s) => [EVALUATION_SOURCE_LABEL[s], (syn.get(s) ?? []).join('、')]),
    [],
    ['注意事项'],
    ['1.', `在“${EVALUATION_SHEET_NAME}”工作表第2行表头下方逐行填写，每条评价一行；列的顺序可以调整。`],
    ['2.', '导入前会先预览并逐行检查；任何一行有错误时不会导入任何数据。'],
    ['3.', '重复导入同一文件不会产生重复评价：与已有记录完全相同的行会被跳过。'],
    ['4.', `每个文件最多 ${MAX_EVALUATION_ROWS} 行；文件不能设置打开密码。`],
  ]);
  help['!cols'] = [{ wch: 18 }, { wch: 90 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, list, EVALUATION_SHEET_NAME);
  XLSX.utils.book_append_sheet(wb, help, '说明');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
