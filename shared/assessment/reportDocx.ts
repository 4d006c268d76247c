/**
 * The 创建工作情况报告 as a Word document (.docx), built the same way in the browser, Electron
 * and Node: `Packer.pack(doc, 'uint8array')` needs neither Buffer nor Blob.
 *
 * Policy:
 * - Layout follows the national standard for official documents, GB/T 9704-2012: A4
 *   (11906 × 16838 twips); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body in
 *   仿宋_GB2312 3号 (16 pt), first line indented 2 characters, fixed 29 pt line pitch (the
 *   standard's 22 lines a page); title in 方正小标宋简体 2号 (22 pt), centred; section headings
 *   (一、… 五、) in 黑体 3号; page number “— n —” centred at the foot.
 * - Chinese fonts are set on w:eastAsia (Word picks the East-Asian font for CJK text from it);
 *   Latin letters and digits use Times New Roman. Few PCs have 方正小标宋简体 or 仿宋_GB2312, so
 *   the document's font table names fallbacks Word uses when they are missing (w:altName):
 *   方正小标宋简体 → 黑体, 仿宋_GB2312 → 仿宋 (FangSong).
 * - The report must not exceed 2000 counted characters (annex 3 一.3; counting rule in
 *   shared/text/charCount.ts): a longer or empty text is refused with a Chinese message.
 * - Each line of the text is one paragraph; blank lines are dropped, since the first-line indent
 *   already separates paragraphs.
 */
import { AlignmentType, Document, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { reportExportCheck } from '../text/charCount';

export interface ReportDocxInput {
  /** default 创建工作情况报告 */
  title?: string;
  unitName: string;
  termLabel: string;
  /** yyyy-mm-dd (shown as 2018年5月10日) or text shown as given */
  date: string;
  text: string;
}

export const A4_TWIPS = { width: 11906, height: 16838 } as const;
const MM = 1440 / 25.4;
/** GB/T 9704-2012 margins, in twips */
export const GB9704_MARGINS = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
} as const;

export const REPORT_FONTS = {
  title: '方正小标宋简体',
  titleFallback: '黑体',
  body: '仿宋_GB2312',
  bodyFallback: '仿宋',
  heading: '黑体',
  latin: 'Times New Roman',
} as const;

/** Half-points: 2号 = 22 pt, 3号 = 16 pt. */
const SIZE_TITLE = 44;
const SIZE_BODY = 32;
/** 29 pt in twips: 22 lines fill the standard's 225 mm text block. */
const LINE_PITCH = 580;
/** 2 characters of 16 pt, for readers that ignore w:firstLineChars. */
const INDENT_TWIPS = 2 * 16 * 20;

const HEADING = /^[一二三四五六七八九十]+、/;

// Characters XML 1.0 forbids; a pasted control character would make Word refuse the file.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clean(text: string): string {
  return text.replace(XML_INVALID, '');
}

function displayDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : date.trim();
}

function run(text: string, eastAsia: string, size: number): TextRun {
  return new TextRun({
    text,
    size,
    font: { ascii: REPORT_FONTS.latin, hAnsi: REPORT_FONTS.latin, eastAsia, cs: REPORT_FONTS.latin },
    language: { eastAsia: 'zh-CN' },
  });
}

const lineSpacing = { line: LINE_PITCH, lineRule: LineRuleType.EXACT } as const;

function fontTableXml(): string {
  const font = (name: string, alt: string | null, charset: string, family: string, pitch: string): string =>
    `<w:font w:name="${name}">${alt ? `<w:altName w:val="${alt}"/>` : ''}` +
    `<w:charset w:val="${charset}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    font(REPORT_FONTS.title, REPORT_FONTS.titleFallback, '86', 'auto', 'variable') +
    font(REPORT_FONTS.body, REPORT_FONTS.bodyFallback, '86', 'modern', 'fixed') +
    font(REPORT_FONTS.bodyFallback, 'FangSong', '86', 'modern', 'fixed') +
    font(REPORT_FONTS.heading, 'SimHei', '86', 'modern', 'fixed') +
    font(REPORT_FONTS.latin, null, '00', 'roman', 'variable') +
    '</w:fonts>'
  );
}

export async function buildReportDocx(input: ReportDocxInput): Promise<Uint8Array> {
  const text = clean(input.text);
  const check = reportExportCheck(text);
  if (!check.ok) throw new Error(check.message);
  const title = clean(input.title?.trim() || '创建工作情况报告');
  const unitName = clean(input.unitName.trim());
  if (!unitName) throw new Error('报告单位名称不能为空');

  const centred = (t: string, font: string, size: number, after = 0): Paragraph =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...lineSpacing, after }, children: [run(t, font, size)] });

  const header: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: LINE_PITCH },
      children: [run(title, REPORT_FONTS.title, SIZE_TITLE)],
    }),
    centred(`报告单位：${unitName}`, REPORT_FONTS.body, SIZE_BODY),
    centred(`创建届次：${clean(input.termLabel.trim())}`, REPORT_FONTS.body, SIZE_BODY),
    centred(`报告日期：${clean(displayDate(input.date))}`, REPORT_FONTS.body, SIZE_BODY, LINE_PITCH),
  ];

  const body = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map(
      (line) =>
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: INDENT_TWIPS, firstLineChars: 200 },
          spacing: lineSpacing,
          children: [run(line, HEADING.test(line) ? REPORT_FONTS.heading : REPORT_FONTS.body, SIZE_BODY)],
        }),
    );

  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            size: 28,
            font: { ascii: REPORT_FONTS.latin, hAnsi: REPORT_FONTS.latin, eastAsia: '宋体' },
          }),
        ],
      }),
    ],
  });

  const doc = new Document({
    title,
    creator: unitName,
    description: `${unitName} ${input.termLabel} ${title}`,
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_TWIPS.width, height: A4_TWIPS.height },
            margin: { ...GB9704_MARGINS, header: 851, footer: 992 },
          },
        },
        footers: { default: footer },
        children: [...header, ...body],
      },
    ],
  });

  return Packer.pack(doc, 'uint8array', false, [{ path: 'word/fontTable.xml', data: fontTableXml() }]);
}
