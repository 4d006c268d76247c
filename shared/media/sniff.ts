/**
 * Attachment type by content (magic bytes), never by file name.
 *
 * Policy:
 * - An attachment is accepted only when its first bytes prove one of the supported formats:
 *   pictures JPEG, PNG, GIF, WebP; video MP4, MOV (QuickTime), WebM; documents PDF. The file
 *   name's extension is ignored for the decision (a renamed HTML or SVG file stays refused, a
 *   photo saved as ".dat" is still a photo); the stored MIME type is the sniffed one, so the
 *   browser never renders bytes as something they are not.
 * - ISO base-media files (`ftyp`) are told apart by their brands: `qt  ` is QuickTime; HEIC/AVIF
 *   pictures and M4A audio share the container but are not supported and are refused by name;
 *   MP4 needs a known video brand (isom, mp41, mp42, avc1, …) as major or compatible brand.
 * - Matroska is accepted only with DocType "webm" (a general .mkv is not a web format).
 * - Only the first SNIFF_BYTES bytes are needed, so a 200 MB video is classified without
 *   reading it whole.
 */

export type MediaKind = 'image' | 'video' | 'document';

export interface MediaType {
  mime: string;
  kind: MediaKind;
  /** what the user sees, e.g. "PNG 图片" */
  label: string;
  /** usual extension, for saving */
  ext: string;
}

export const MEDIA_TYPES = {
  jpeg: { mime: 'image/jpeg', kind: 'image', label: 'JPEG 图片', ext: 'jpg' },
  png: { mime: 'image/png', kind: 'image', label: 'PNG 图片', ext: 'png' },
  gif: { mime: 'image/gif', kind: 'image', label: 'GIF 图片', ext: 'gif' },
  webp: { mime: 'image/webp', kind: 'image', label: 'WebP 图片', ext: 'webp' },
  mp4: { mime: 'video/mp4', kind: 'video', label: 'MP4 视频', ext: 'mp4' },
  mov: { mime: 'video/quicktime', kind: 'video', label: 'MOV 视频', ext: 'mov' },
  webm: { mime: 'video/webm', kind: 'video', label: 'WebM 视频', ext: 'webm' },
  pdf: { mime: 'application/pdf', kind: 'document', label: 'PDF 文件', ext: 'pdf' },
} as const satisfies Record<string, MediaType>;

export const SUPPORTED_MIMES: ReadonlySet<string> = new Set(Object.values(MEDIA_TYPES).map((t) => t.mime));

/** How many leading bytes `sniffMedia` looks at. */
export const SNIFF_BYTES = 4096;

export type SniffResult = { ok: true; type: MediaType } | { ok: false; reason: string };

const UNSUPPORTED = '不是支持的格式';

function ascii(b: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = at; i < at + len && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

const MP4_BRANDS: ReadonlySet<string> = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'iso7',
  'iso8',
  'iso9',
  'mp41',
  'mp42',
  'avc1',
  'hvc1',
  'hev1',
  'av01',
  'mmp4',
  'M4V ',
  'M4VH',
  'M4VP',
  'dash',
  'f4v ',
  'MSNV',
  'NDAS',
  'XAVC',
]);
const IMAGE_BRANDS: ReadonlySet<string> = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);
const AUDIO_BRANDS: ReadonlySet<string> = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
/** top-level atoms a QuickTime file without `ftyp` starts with */
const QT_ATOMS: ReadonlySet<string> = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

function sniffIsoBmff(b: Uint8Array): SniffResult | null {
  const box = ascii(b, 4, 4);
  if (box !== 'ftyp') {
    return QT_ATOMS.has(box) && b.length >= 8 ? { ok: true, type: MEDIA_TYPES.mov } : null;
  }
  const size = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  if (size < 16 || b.length < 16) return { ok: false, reason: '视频文件头不完整' };
  const major = ascii(b, 8, 4);
  const brands = [major];
  for (let at = 16; at + 4 <= Math.min(size, b.length); at += 4) brands.push(ascii(b, at, 4));
  if (major === 'qt  ') return { ok: true, type: MEDIA_TYPES.mov };
  if (IMAGE_BRANDS.has(major)) return { ok: false, reason: 'HEIC/AVIF 图片暂不支持，请转换为 JPEG 或 PNG 后再添加' };
  if (AUDIO_BRANDS.has(major)) return { ok: false, reason: '音频文件不能作为附件，请添加图片或视频' };
  if (brands.some((br) => MP4_BRANDS.has(br))) return { ok: true, type: MEDIA_TYPES.mp4 };
  if (brands.includes('qt  ')) return { ok: true, type: MEDIA_TYPES.mov };
  if (brands.some((br) => br.startsWith('3g'))) return { ok: false, reason: '3GP 视频暂不支持，请转换为 MP4 后再添加' };
  return { ok: false, reason: UNSUPPORTED };
}

/** EBML header: find the DocType element (0x4282) and read its string. */
function ebmlDocType(b: Uint8Array): string | null {
  const end = Math.min(b.length, 256);
  for (let i = 4; i + 2 < end; i++) {
    if (b[i] !== 0x42 || b[i + 1] !== 0x82) continue;
    const first = b[i + 2]!;
    // EBML variable-length size: the number of leading zero bits gives the width
    let width = 1;
    while (width <= 8 && (first & (0x80 >> (width - 1))) === 0) width++;
    if (width > 8) return null;
    let len = first & (0xff >> width);
    for (let k = 1; k < width; k++) len = len * 256 + (b[i + 2 + k] ?? 0);
    if (len <= 0 || len > 32) return null;
    return ascii(b, i + 2 + width, len);
  }
  return null;
}

/** The supported type that `head` (the file's first bytes) proves, or why it is refused. */
export function sniffMedia(head: Uint8Array): SniffResult {
  const b = head;
  if (b.length === 0) return { ok: false, reason: '文件为空' };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { ok: true, type: MEDIA_TYPES.jpeg };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return ascii(b, 12, 4) === 'IHDR' ? { ok: true, type: MEDIA_TYPES.png } : { ok: false, reason: 'PNG 图片已损坏' };
  }
  const gif = ascii(b, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return { ok: true, type: MEDIA_TYPES.gif };
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const chunk = ascii(b, 12, 4);
    return chunk === 'VP8 ' || chunk === 'VP8L' || chunk === 'VP8X' ? { ok: true, type: MEDIA_TYPES.webp } : { ok: false, reason: 'WebP 图片已损坏' };
  }
  if (ascii(b, 0, 5) === '%PDF-') return { ok: true, type: MEDIA_TYPES.pdf };
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    const docType = ebmlDocType(b);
    if (docType === 'webm') return { ok: true, type: MEDIA_TYPES.webm };
    return { ok: false, reason: docType === 'matroska' ? 'MKV 视频暂不支持，请转换为 MP4 或 WebM 后再添加' : UNSUPPORTED };
  }
  if (b.length >= 8) {
    const iso = sniffIsoBmff(b);
    if (iso) return iso;
  }
  return { ok: false, reason: UNSUPPORTED };
}

/** The supported type for a stored MIME string (for display of stored records). */
export function mediaTypeOfMime(mime: string): MediaType | null {
  return Object.values(MEDIA_TYPES).find((t) => t.mime === mime) ?? null;
}
