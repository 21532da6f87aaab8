import sharp from 'sharp';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { AttachmentView, CaseView, Problem } from '@fengqiao/contracts';
import { infraEnv } from '@fengqiao/testing';
import { sampleCase, startPlatform, type Platform } from './platform.harness';

/**
 * Attachments through the public API against the real S3 server (SeaweedFS from tools/infra): a clerk
 * starts an upload to a case of their town, PUTs a JPEG carrying a GPS position to the presigned URL and
 * completes it; the stored photo, downloaded through its presigned URL by a leader of the county, has no
 * GPS position left. A clerk of the neighbouring town gets 404 for the case's attachments and for the
 * attachment (existence not revealed, as for the case). A file of a type not accepted, declared or
 * disguised, and one too large answer problem+json in Chinese and English, and nothing is kept.
 */
let p: Platform;
let clerk: string;
let leader: string;
let sibling: string;
let caseId: string;

type Started = { attachment: AttachmentView; upload: { method: string; url: string; headers: Record<string, string>; expiresAt: string } };

/** The EXIF block names its GPS directory (tag 0x8825, either byte order). */
const hasGps = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

const photoWithGps = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#c83232' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Fengqiao test camera' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 3/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '103/1 50/1 0/1' },
    })
    .toBuffer();

const json = async <T>(r: Response) => (await r.json()) as T;

async function start(token: string, body: Record<string, unknown>, id = caseId) {
  return p.api(`/api/v1/cases/${id}/attachments`, { method: 'POST', token, body: JSON.stringify(body) });
}

async function expectProblem(r: Response, status: number, code: string, zh: string, en: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  const body = await json<Problem & { code: string }>(r);
  expect(body.code).toBe(code);
  expect(body.detail).toContain(zh);
  expect(body.detail).toContain(en);
}

/** The object store's keys under a prefix, read directly: what the API cannot show (a refused upload's file is gone). */
async function objectKeys(prefix: string): Promise<string[]> {
  const c = infraEnv().s3;
  const s3 = new S3Client({
    endpoint: c.S3_ENDPOINT,
    region: c.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY },
  });
  const r = await s3.send(new ListObjectsV2Command({ Bucket: c.S3_BUCKET, Prefix: prefix }));
  s3.destroy();
  return (r.Contents ?? []).map((o) => o.Key!);
}

const stored = () => p.ctx.sql<{ n: string }>(`SELECT count(*) AS n FROM intake.attachments`).then((r) => Number(r[0]!.n));

beforeAll(async () => {
  p = await startPlatform('attachments');
  [clerk, leader, sibling] = await Promise.all([p.ctx.tokenFor('clerk.621102101'), p.ctx.tokenFor('leader.621102'), p.ctx.tokenFor('clerk.621102102')]);
  const r = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase()) });
  expect(r.status).toBe(201);
  caseId = (await json<CaseView>(r)).id;
}, 180_000);

afterAll(async () => {
  await p?.stop();
});

describe('a photo with a GPS position', () => {
  let photo: Buffer;
  let started: Started;

  beforeAll(async () => {
    photo = await photoWithGps();
    expect(hasGps((await sharp(photo).metadata()).exif)).toBe(true); // the test photo does carry a position
  });

  it('is uploaded through a short-lived presigned URL the gateway issues after the case is found in the caller’s jurisdiction', async () => {
    const r = await start(clerk, { fileName: '现场照片.jpg', contentType: 'image/jpeg', size: photo.length });
    expect(r.status).toBe(201);
    started = await json<Started>(r);
    expect(started.attachment).toMatchObject({ subjectKind: 'case', subjectId: caseId, status: 'pending', contentType: 'image/jpeg', size: photo.length });
    expect(started.upload.method).toBe('PUT');
    const ttl = Date.parse(started.upload.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
    const put = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body: photo });
    expect(put.status).toBe(200);
  });

  it('is completed: checked by its content, re-encoded without its GPS position, linked to the case', async () => {
    const r = await p.api(`/api/v1/attachments/${started.attachment.id}/complete`, { method: 'POST', token: clerk });
    expect(r.status).toBe(200);
    const view = await json<AttachmentView>(r);
    expect(view).toMatchObject({ id: started.attachment.id, status: 'stored', contentType: 'image/jpeg', gpsKept: false });
    expect(view.sha256).toMatch(/^[0-9a-f]{64}$/);
    const list = await p.api(`/api/v1/cases/${caseId}/attachments`, { token: leader });
    expect(list.status).toBe(200);
    expect((await json<AttachmentView[]>(list)).map((a) => a.id)).toEqual([started.attachment.id]);
  });

  it('is downloaded by an authorised user (the county leader) with no GPS position left', async () => {
    const r = await p.api(`/api/v1/attachments/${started.attachment.id}`, { token: leader });
    expect(r.status).toBe(200);
    const { attachment, download } = await json<{ attachment: AttachmentView; download: { url: string; expiresAt: string } }>(r);
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(attachment.size);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([64, 48]);
    expect(hasGps(meta.exif)).toBe(false);
    expect(bytes.includes(Buffer.from('Fengqiao test camera'))).toBe(false);
  });

  it('is refused to a clerk of another town: 404 for the case’s attachments and for the attachment, no URL', async () => {
    const list = await p.api(`/api/v1/cases/${caseId}/attachments`, { token: sibling });
    expect(list.status).toBe(404);
    const one = await p.api(`/api/v1/attachments/${started.attachment.id}`, { token: sibling });
    await expectProblem(one, 404, 'ATTACHMENT_NOT_FOUND', '附件不存在', 'Attachment not found');
    const upload = await start(sibling, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 });
    await expectProblem(upload, 404, 'CASE_NOT_FOUND', '案件不存在', 'Case not found');
  });

  it('cannot be completed twice', async () => {
    const r = await p.api(`/api/v1/attachments/${started.attachment.id}/complete`, { method: 'POST', token: clerk });
    await expectProblem(r, 409, 'ATTACHMENT_NOT_PENDING', '附件已保存', 'stored already');
  });
});

describe("a grid worker's photo on the spot", () => {
  it('keeps its GPS position (ATTACHMENT_GPS_KEEPER_ROLES)', async () => {
    const village = await p.api('/api/v1/cases', { method: 'POST', token: clerk, body: JSON.stringify(sampleCase({ orgUnit: '621102101201' })) });
    expect(village.status).toBe(201);
    const villageCase = (await json<CaseView>(village)).id;
    const grid = await p.ctx.tokenFor('grid.621102101201');
    const photo = await photoWithGps();
    const s = await json<Started>(await start(grid, { fileName: 'spot.jpg', contentType: 'image/jpeg', size: photo.length }, villageCase));
    expect((await fetch(s.upload.url, { method: 'PUT', headers: s.upload.headers, body: photo })).status).toBe(200);
    const done = await p.api(`/api/v1/attachments/${s.attachment.id}/complete`, { method: 'POST', token: grid });
    expect(done.status).toBe(200);
    expect(await json<AttachmentView>(done)).toMatchObject({ status: 'stored', gpsKept: true });
    const { download } = await json<{ download: { url: string } }>(await p.api(`/api/v1/attachments/${s.attachment.id}`, { token: clerk }));
    const bytes = Buffer.from(await (await fetch(download.url)).arrayBuffer());
    expect(hasGps((await sharp(bytes).metadata()).exif)).toBe(true);
  });
});

describe('bad files: problem+json in Chinese and English, nothing kept', () => {
  it('a type not accepted is refused before any upload', async () => {
    const before = await stored();
    const r = await start(clerk, { fileName: 'anim.gif', contentType: 'image/gif', size: 1000 });
    await expectProblem(r, 422, 'ATTACHMENT_TYPE_NOT_ALLOWED', '不支持的文件类型', 'is not accepted');
    expect(await stored()).toBe(before);
  });

  it('a photo over 10 MB is refused before any upload', async () => {
    const before = await stored();
    const r = await start(clerk, { fileName: 'big.jpg', contentType: 'image/jpeg', size: 10 * 1024 * 1024 + 1 });
    await expectProblem(r, 422, 'ATTACHMENT_TOO_LARGE', '文件过大', 'too large');
    expect(await stored()).toBe(before);
  });

  it('a file whose content is not the declared photo is refused on completion, its record and file removed', async () => {
    const before = await stored();
    const fake = Buffer.from('GIF89a this is not a JPEG at all');
    const r = await start(clerk, { fileName: 'fake.jpg', contentType: 'image/jpeg', size: fake.length });
    expect(r.status).toBe(201);
    const s = await json<Started>(r);
    expect((await fetch(s.upload.url, { method: 'PUT', headers: s.upload.headers, body: fake })).status).toBe(200);
    expect(await objectKeys(`uploads/${s.attachment.id}`)).toEqual([`uploads/${s.attachment.id}`]);
    const done = await p.api(`/api/v1/attachments/${s.attachment.id}/complete`, { method: 'POST', token: clerk });
    await expectProblem(done, 422, 'ATTACHMENT_TYPE_NOT_ALLOWED', '不支持的文件类型', 'is not accepted');
    expect(await stored()).toBe(before);
    expect((await p.api(`/api/v1/attachments/${s.attachment.id}`, { token: clerk })).status).toBe(404);
    expect(await objectKeys(`uploads/${s.attachment.id}`)).toEqual([]);
    expect(await objectKeys(`case/${caseId}/${s.attachment.id}`)).toEqual([]);
    // the case's photo before it is still there
    expect((await json<AttachmentView[]>(await p.api(`/api/v1/cases/${caseId}/attachments`, { token: clerk }))).length).toBe(1);
  });

  it('an upload larger than declared is refused by the presigned URL itself', async () => {
    const r = await start(clerk, { fileName: 'small.pdf', contentType: 'application/pdf', size: 10 });
    const s = await json<Started>(r);
    const put = await fetch(s.upload.url, { method: 'PUT', headers: s.upload.headers, body: Buffer.from('%PDF-1.7 and much more than ten bytes') });
    expect(put.status).toBeGreaterThanOrEqual(400);
  });
});
