import { defineFailures } from '../failures';

/** What intake (and the gateway, checking the uploaded file) answers about attachments: codes, zh-CN / English. */
export const AttachmentFailures = defineFailures({
  ATTACHMENT_NOT_FOUND: { status: 'notFound', zh: '附件不存在', en: 'Attachment not found' },
  ATTACHMENT_INVALID: { status: 'validation', zh: '附件信息有误', en: 'The attachment has invalid fields' },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 'validation',
    zh: '不支持的文件类型 {type}：照片请用 JPEG、PNG 或 WebP，文书请用 PDF',
    en: 'File type {type} is not accepted: photos must be JPEG, PNG or WebP, documents PDF',
    field: { path: 'contentType', zh: '文件类型不支持', en: 'type not accepted' },
  },
  ATTACHMENT_TOO_LARGE: {
    status: 'validation',
    zh: '文件过大：{type} 最大 {maxMb} MB',
    en: 'The file is too large: {type} may be at most {maxMb} MB',
    field: { path: 'size', zh: '文件过大', en: 'too large' },
  },
  ATTACHMENT_TYPE_MISMATCH: {
    status: 'validation',
    zh: '文件内容是 {actual}，与声明的类型 {declared} 不符',
    en: 'The file is {actual}, not the declared {declared}',
    field: { path: 'contentType', zh: '与文件内容不符', en: 'does not match the file' },
  },
  ATTACHMENT_UNREADABLE: { status: 'validation', zh: '图片已损坏或无法读取', en: 'The image is damaged or cannot be read' },
  ATTACHMENT_NOT_UPLOADED: { status: 'conflict', zh: '文件尚未上传，请先上传再提交', en: 'Nothing has been uploaded yet: upload the file, then complete' },
  ATTACHMENT_STORE_UNAVAILABLE: { status: 'unavailable', zh: '附件存储暂不可用', en: 'The attachment store is unavailable for a moment', retryAfter: 2 },
  ATTACHMENT_NOT_PENDING: { status: 'conflict', zh: '附件已保存，不能再次提交', en: 'The attachment is stored already' },
  ATTACHMENT_NOT_UPLOADER: {
    status: 'forbidden',
    zh: '只有上传人可以提交该附件',
    en: 'Only the person who started the upload may complete it',
  },
});
