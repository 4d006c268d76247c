/**
 * The 编码和一次性密码 workbook handed to the new collectives. The 说明 sheet carries the same
 * warning as the accounts page's distribution sheet (账号派发单): the file holds one-time
 * passwords and must be deleted once they are handed out.
 */
import { sheetFromRows, workbookBytes } from '../../../shared/ledger/cells';
import type { RosterSlip } from './store';

export const CODES_SHEET_NAME = '编码和一次性密码';

export const DISTRIBUTION_WARNINGS = [
  '本表含一次性密码，请当面或通过可靠渠道交给本人，分发完毕后立即删除本文件。',
  '首次登录后系统会要求设置新密码；一次性密码只能使用一次。',
];

export function codesWorkbook(slips: readonly RosterSlip[]): Uint8Array {
  const sheet = sheetFromRows(
    ['用户名（编码）', '集体名称', '归口单位', '一次性密码', '名单行号', '导入时间'],
    slips.map((s) => [s.code, s.name, s.unitName, s.oneTimePassword, s.rowNumber, s.importedAt]),
  );
  const notes = sheetFromRows(['说明'], DISTRIBUTION_WARNINGS.map((w) => [w]));
  return workbookBytes([
    { name: CODES_SHEET_NAME, sheet },
    { name: '说明', sheet: notes },
  ]);
}
