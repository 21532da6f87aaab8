import sharp from 'sharp';
import { checkUpload, tooLarge } from './upload-check';

const hasGps = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
const photo = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#3080c0' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'unit test' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 3/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '103/1 50/1 0/1' } })
    .toBuffer();

describe('checkUpload', () => {
  it('re-encodes a photo without its GPS position', async () => {
    const input = await photo();
    expect(hasGps((await sharp(input).metadata()).exif)).toBe(true);
    const r = await checkUpload(input, 'image/jpeg', false);
    if (!r.ok) throw new Error(r.problem.detail);
    expect(r).toMatchObject({ contentType: 'image/jpeg', gpsKept: false });
    const meta = await sharp(r.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(hasGps(meta.exif)).toBe(false);
  });

  it('keeps the position when the uploader may keep it', async () => {
    const r = await checkUpload(await photo(), 'image/jpeg', true);
    if (!r.ok) throw new Error(r.problem.detail);
    expect(r.gpsKept).toBe(true);
    expect(hasGps((await sharp(r.bytes).metadata()).exif)).toBe(true);
  });

  it('keeps a PDF as it was sent', async () => {
    const pdf = Buffer.from('%PDF-1.7\n%%EOF\n');
    const r = await checkUpload(pdf, 'application/pdf', false);
    expect(r).toEqual({ ok: true, bytes: pdf, contentType: 'application/pdf', gpsKept: null });
  });

  it('refuses by content: an unknown type, a type other than declared, a damaged image', async () => {
    const gif = await checkUpload(Buffer.from('GIF89a......'), 'image/jpeg', false);
    expect(!gif.ok && gif.problem.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const mismatch = await checkUpload(png, 'image/jpeg', false);
    expect(!mismatch.ok && mismatch.problem.code).toBe('ATTACHMENT_TYPE_MISMATCH');
    const broken = await checkUpload(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8]), 'image/jpeg', false);
    expect(!broken.ok && broken.problem.code).toBe('ATTACHMENT_UNREADABLE');
  });

  it('refuses a file over its type’s limit, with both languages', () => {
    expect(tooLarge('image/jpeg', 10 * 1024 * 1024)).toBeUndefined();
    const r = tooLarge('image/jpeg', 10 * 1024 * 1024 + 1);
    expect(r && !r.ok && r.problem.detail).toMatch(/文件过大.*too large/s);
    expect(tooLarge('application/pdf', 15 * 1024 * 1024)).toBeUndefined();
  });
});
