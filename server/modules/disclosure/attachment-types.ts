/**
 * What a disclosure may attach: the manual's BPM form types (domain.md §6), recognised by content, not by the name
 * alone; at most 10 MB each (the upload parser's bound) and `<` `>` removed from the name, as the receipts do.
 */
export interface AttachmentType {
  mime: string;
  /** extensions accepted with this content */
  exts: string[];
  magic: number[];
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

export const ATTACHMENT_TYPES: AttachmentType[] = [
  { mime: 'application/pdf', exts: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  { mime: 'image/jpeg', exts: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', exts: ['png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'image/bmp', exts: ['bmp'], magic: [0x42, 0x4d] },
  { mime: 'image/tiff', exts: ['tif', 'tiff'], magic: [0x49, 0x49, 0x2a, 0x00] },
  { mime: 'image/tiff', exts: ['tif', 'tiff'], magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', exts: ['xlsx'], magic: ZIP },
  { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', exts: ['docx'], magic: ZIP },
  { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', exts: ['pptx'], magic: ZIP },
  { mime: 'application/zip', exts: ['zip'], magic: ZIP },
  { mime: 'application/vnd.ms-excel', exts: ['xls'], magic: OLE },
  { mime: 'application/msword', exts: ['doc'], magic: OLE },
  { mime: 'application/vnd.ms-powerpoint', exts: ['ppt'], magic: OLE },
  { mime: 'application/gzip', exts: ['gz', 'tgz'], magic: [0x1f, 0x8b] },
  { mime: 'application/vnd.rar', exts: ['rar'], magic: [0x52, 0x61, 0x72, 0x21] },
];

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_PER_DISCLOSURE = 10;
export const ATTACHMENT_HINT =
  'PDF、图片（JPG/PNG/BMP/TIFF）、Word、Excel、PPT 或压缩包（ZIP/RAR/GZ），每个不超过 10 MB';

/** The type of a file by its first bytes and its extension; null when neither matches an allowed type. */
export function detectAttachmentType(fileName: string, head: Uint8Array): AttachmentType | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const byContent = ATTACHMENT_TYPES.filter((t) => t.magic.every((b, i) => head[i] === b));
  return byContent.find((t) => t.exts.includes(ext)) ?? null;
}

/** The name as stored: no `<` `>` (the manual forbids them), at most 200 characters. */
export const cleanFileName = (name: string) => name.replace(/[<>]/g, '').slice(0, 200) || 'attachment';
