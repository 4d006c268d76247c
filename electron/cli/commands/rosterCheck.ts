/**
 * `yca roster check FILE [--sheet 名称] [--header-row N] [--map 字段=列]…`: check a roster
 * (集体名单) workbook without importing it — the same parse and validation as the import preview.
 * Exit status: 0 valid, 1 invalid (fatal or row errors), 2 usage error or unreadable file.
 */
import { readFile } from 'node:fs/promises';
import type { CliCommand } from '../registry';
import { fieldLabel, ROSTER_FIELDS, type RosterField } from '../../../shared/roster/fields';
import { parseRosterWorkbook, rosterSummary, type RosterParseOptions } from '../../../shared/roster/parse';

// Kept local (not imported from the registry) so this module has no runtime import cycle with it.
const OK = 0;
const INVALID = 1;
const USAGE_ERROR = 2;

const FIELD_NAMES = ROSTER_FIELDS.map((f) => `${f.field}（${f.label}）`).join('、');

const USAGE = `用法：yca roster check <集体名单.xlsx> [--sheet 工作表名] [--header-row 行号] [--map 字段=列]…

检查集体名单工作簿能否导入：识别表头和列，逐行校验，列出全部错误（工作表、行、列）。
不导入任何数据。
  --sheet 工作表名     指定要读取的工作表（默认自动选择表头最吻合的工作表）
  --header-row 行号    指定表头所在行（默认在前 20 行中自动查找）
  --map 字段=列        指定某字段对应的列，列可写表头文字或列号（如 name=C、phone=手机号码）；
                       “字段=”表示不导入该字段。可重复使用。
字段：${FIELD_NAMES}
退出码：0 可以导入；1 文件有误；2 用法错误或无法读取文件。`;

const KNOWN_FIELDS: ReadonlySet<string> = new Set(ROSTER_FIELDS.map((f) => f.field));

function parseArgs(args: readonly string[]): { file: string; options: RosterParseOptions } | string {
  const files: string[] = [];
  const mapping: Partial<Record<RosterField, string>> = {};
  const options: RosterParseOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    if (a === '--sheet') {
      const v = value();
      if (v === undefined) return '--sheet 后缺少工作表名。';
      options.sheetName = v;
    } else if (a === '--header-row') {
      const v = value();
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 1) return '--header-row 后应为正整数行号。';
      options.headerRow = n;
    } else if (a === '--map') {
      const v = value();
      const eq = v?.indexOf('=') ?? -1;
      if (v === undefined || eq < 1) return '--map 的格式应为 字段=列，例如 name=C。';
      const field = v.slice(0, eq).trim();
      if (!KNOWN_FIELDS.has(field)) return `--map 中的字段“${field}”不存在。可用字段：${FIELD_NAMES}`;
      mapping[field as RosterField] = v.slice(eq + 1);
    } else if (a.startsWith('-') && a !== '-') {
      return `未知选项：${a}`;
    } else {
      files.push(a);
    }
  }
  if (files.length !== 1) return files.length === 0 ? '缺少要检查的文件。' : '一次只能检查一个文件。';
  if (Object.keys(mapping).length > 0) options.mapping = mapping;
  return { file: files[0]!, options };
}

export const rosterCheckCommand: CliCommand = {
  name: 'roster check',
  summary: '检查集体名单工作簿（不导入）：表头识别、逐行校验',
  usage: USAGE,
  async run(args, io) {
    if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
      io.out(USAGE);
      return OK;
    }
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.err(parsed);
      io.err(USAGE);
      return USAGE_ERROR;
    }
    let bytes: Uint8Array;
    try {
      const buf = await readFile(parsed.file);
      bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : '读取失败';
      io.err(`无法读取文件“${parsed.file}”：${why}。`);
      return USAGE_ERROR;
    }

    const result = parseRosterWorkbook(bytes, parsed.options);
    const out = (s: string): void => io.out(s);
    out(`文件：${parsed.file}`);
    for (const note of result.notes) out(`说明：${note}`);
    if (result.fatal !== undefined) {
      out(`无法导入：${result.fatal}`);
      return INVALID;
    }
    out(`工作表：“${result.sheetName}”，表头在第 ${result.headerRow} 行${result.headerRows === 2 ? `（两行表头，至第 ${result.headerRow + 1} 行）` : ''}`);
    out('列对应：');
    for (const m of result.mapping) {
      out(`  ${m.column} 列「${m.header}」→ ${fieldLabel(m.field)}${m.source === 'override' ? '（手动指定）' : ''}`);
    }
    const missing = ROSTER_FIELDS.filter((f) => !result.mapping.some((m) => m.field === f.field)).map((f) => f.label);
    if (missing.length > 0) out(`未找到的列（不导入）：${missing.join('、')}`);
    if (result.unmappedHeaders.length > 0) {
      out(`未识别的列（不导入）：${result.unmappedHeaders.map((h) => `${h.column} 列「${h.header}」`).join('、')}`);
    }

    const summary = rosterSummary(result);
    for (const row of result.rows) {
      for (const e of row.errors) {
        out(`错误：工作表“${result.sheetName}”第 ${row.rowNumber} 行${e.column !== '' ? ` ${e.column} 列` : ''}${e.field ? `（${fieldLabel(e.field)}）` : ''}：${e.message}`);
      }
      for (const w of row.warnings) {
        out(`提示：工作表“${result.sheetName}”第 ${row.rowNumber} 行${w.column !== '' ? ` ${w.column} 列` : ''}${w.field ? `（${fieldLabel(w.field)}）` : ''}：${w.message}`);
      }
    }
    if (summary.rows === 0) {
      out('表头下方没有数据行。');
      return INVALID;
    }
    if (summary.valid) {
      out(`检查通过：共 ${summary.rows} 行，均可导入${summary.warnings > 0 ? `（另有 ${summary.warnings} 条提示，请核对）` : ''}。`);
      return OK;
    }
    out(`检查未通过：共 ${summary.rows} 行，其中 ${summary.invalidRows} 行有错误，共 ${summary.errors} 处错误。请修改后重新检查。`);
    return INVALID;
  },
};
