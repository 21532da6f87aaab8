import { attachmentMaxBytes, isAttachmentContentType, mayKeepPhotoLocation, sniffAttachmentType } from './attachments';

const bytes = (...xs: (number | string)[]) => Uint8Array.from(xs.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

describe('sniffAttachmentType', () => {
  it('tells each accepted type from its first bytes', () => {
    expect(sniffAttachmentType(bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0))).toBe('image/jpeg');
    expect(sniffAttachmentType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toBe('image/png');
    expect(sniffAttachmentType(bytes('RIFF', 1, 2, 3, 4, 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffAttachmentType(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses what it does not know, whatever its name or declared type', () => {
    expect(sniffAttachmentType(bytes('GIF89a'))).toBeUndefined();
    expect(sniffAttachmentType(bytes('<html><body>'))).toBeUndefined();
    expect(sniffAttachmentType(bytes('RIFF', 1, 2, 3, 4, 'WAVEfmt '))).toBeUndefined(); // a RIFF that is not WebP
    expect(sniffAttachmentType(bytes(0xff, 0xd8))).toBeUndefined(); // too short to be a JPEG
    expect(sniffAttachmentType(new Uint8Array())).toBeUndefined();
  });
});

describe('attachment types and limits', () => {
  it('accepts images up to 10 MB and PDF documents up to 20 MB, nothing else', () => {
    expect(attachmentMaxBytes('image/jpeg')).toBe(10 * 1024 * 1024);
    expect(attachmentMaxBytes('application/pdf')).toBe(20 * 1024 * 1024);
    expect(isAttachmentContentType('image/gif')).toBe(false);
    expect(isAttachmentContentType('toString')).toBe(false);
  });
});

describe('mayKeepPhotoLocation', () => {
  it("keeps a grid worker's on-the-spot position and strips everyone else's", () => {
    expect(mayKeepPhotoLocation({ roles: ['grid-worker'] })).toBe(true);
    for (const role of ['resident', 'clerk', 'mediator', 'leader', 'admin', 'key-person-officer']) {
      expect(mayKeepPhotoLocation({ roles: [role] })).toBe(false);
    }
  });
});
