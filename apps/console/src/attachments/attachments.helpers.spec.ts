import { humanSize, isPhoto, startBody, storedIds, subjectPath } from './attachments.helpers';

describe('attachments in the console', () => {
  it('names the subject of an upload', () => {
    expect(subjectPath('case', 'a b')).toBe('/api/v1/cases/a%20b');
    expect(subjectPath('field-report', 'r1')).toBe('/api/v1/field-reports/r1');
  });

  it('declares a picked file as the browser types it, an untyped one as bytes (the API judges both)', () => {
    expect(startBody({ name: 'IMG_1.jpg', type: 'image/jpeg', size: 2048 })).toEqual({ fileName: 'IMG_1.jpg', contentType: 'image/jpeg', size: 2048 });
    expect(startBody({ name: ' ', type: '', size: 3 })).toEqual({ fileName: 'file', contentType: 'application/octet-stream', size: 3 });
  });

  it('shows photos as thumbnails and documents as links', () => {
    expect(isPhoto('image/webp')).toBe(true);
    expect(isPhoto('application/pdf')).toBe(false);
    expect(isPhoto('image/gif')).toBe(false);
  });

  it('reads sizes and keeps only stored photos, in order', () => {
    expect(humanSize(1536 * 1024)).toBe('1.5 MB');
    expect(humanSize(100)).toBe('1 KB');
    expect(
      storedIds([
        { attachment: { id: 'a', status: 'stored' } },
        {},
        { attachment: { id: 'b', status: 'pending' } },
        { attachment: { id: 'c', status: 'stored' } },
      ]),
    ).toEqual(['a', 'c']);
  });
});
