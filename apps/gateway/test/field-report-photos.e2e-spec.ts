import sharp from 'sharp';
import type { AttachmentView, BoundaryGeometry, FieldReportView, OrgUnitDetailView, Problem } from '@fengqiao/contracts';
import { standInToken, startPlatform, type Platform } from './platform.harness';

/**
 * Field reports' photos (随手拍) through the public API against the real S3 server: a report is filed first,
 * then its photos are uploaded to it. The grid worker files a report, uploads a photo (its GPS position kept:
 * a grid worker's) and settles with it; a resident files one and uploads a photo (its GPS position removed),
 * the grid worker sends it and the township's clerk downloads the photo from the case it became. A grid worker
 * of another village and a clerk of another township cannot download it (404); an attachment id that is not
 * a stored photo of the report is 422 naming it, in Chinese and English, and nothing is stored.
 */
let p: Platform;
let admin: { token: string; remove: () => Promise<void> };
let neighbourWorker: { token: string; remove: () => Promise<void> };
const GRID = '621102101201-01';
const NEIGHBOUR = '621102101202';
const WORKER = 'grid.621102101201';
let inGrid: { lng: number; lat: number };

type Started = { attachment: AttachmentView; upload: { method: string; url: string; headers: Record<string, string> } };

const hasGps = (exif: Buffer | undefined) => !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
const photoWithGps = (colour: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 3/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '103/1 50/1 0/1' } })
    .toBuffer();
const json = async <T>(r: Response) => (await r.json()) as T;
const post = (path: string, body: unknown, token: string) => p.api(path, { method: 'POST', token, body: JSON.stringify(body ?? {}) });
const usernameOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { preferred_username: string }).preferred_username;
const centre = (b: BoundaryGeometry) => {
  const ring = (b.type === 'Polygon' ? b.coordinates[0] : b.coordinates[0]![0])!.slice(0, -1);
  return { lng: ring.reduce((s, q) => s + q[0], 0) / ring.length, lat: ring.reduce((s, q) => s + q[1], 0) / ring.length };
};
const hazard = (text: string) => ({ kind: 'hazard', category: 'other', text, position: inGrid });

async function fileReport(token: string, text: string): Promise<FieldReportView> {
  const r = await post('/api/v1/field-reports', hazard(text), token);
  expect(r.status).toBe(201);
  return json<FieldReportView>(r);
}

/** Starts, PUTs and completes an upload of `photo` to the report. */
async function uploadPhoto(reportId: string, token: string, photo: Buffer): Promise<AttachmentView> {
  const r = await post(`/api/v1/field-reports/${reportId}/attachments`, { fileName: '现场.jpg', contentType: 'image/jpeg', size: photo.length }, token);
  expect(r.status).toBe(201);
  const s = await json<Started>(r);
  expect(s.attachment).toMatchObject({ subjectKind: 'field-report', subjectId: reportId, status: 'pending' });
  expect((await fetch(s.upload.url, { method: 'PUT', headers: s.upload.headers, body: photo })).status).toBe(200);
  const done = await p.api(`/api/v1/attachments/${s.attachment.id}/complete`, { method: 'POST', token });
  expect(done.status).toBe(200);
  return json<AttachmentView>(done);
}

async function download(id: string, token: string): Promise<Buffer> {
  const r = await p.api(`/api/v1/attachments/${id}`, { token });
  expect(r.status).toBe(200);
  const { download: d } = await json<{ download: { url: string } }>(r);
  const file = await fetch(d.url);
  expect(file.status).toBe(200);
  return Buffer.from(await file.arrayBuffer());
}

async function expectUnknownAttachment(r: Response, id: string) {
  expect(r.status).toBe(422);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  const body = await json<Problem & { code: string }>(r);
  expect(body.code).toBe('FIELD_REPORT_ATTACHMENT_UNKNOWN');
  expect(body.detail).toContain(`附件 ${id}`);
  expect(body.detail).toContain(`Attachment ${id}`);
}

const reportCount = () => p.ctx.sql<{ n: string }>(`SELECT count(*) AS n FROM intake.field_reports`).then((r) => Number(r[0]!.n));

beforeAll(async () => {
  p = await startPlatform('field-report-photos');
  admin = await standInToken('admin', null);
  neighbourWorker = await standInToken('grid-worker', NEIGHBOUR);
  const detail = async (code: string) => json<OrgUnitDetailView>(await p.api(`/api/v1/org-units/${code}`, { token: admin.token }));
  const [grid, neighbour] = await Promise.all([detail(GRID), detail(NEIGHBOUR)]);
  inGrid = centre(grid.boundary!);
  const bound = await p.api('/api/v1/org-units', {
    method: 'PUT',
    token: admin.token,
    body: JSON.stringify({
      units: [
        {
          code: neighbour.code,
          name: neighbour.name,
          nameEn: neighbour.nameEn,
          level: neighbour.level,
          parent: neighbour.parent,
          workers: [{ name: '邻村网格员', phone: '13800138013', username: usernameOf(neighbourWorker.token) }],
        },
      ],
    }),
  });
  expect(bound.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await Promise.all([admin?.remove(), neighbourWorker?.remove()]);
  await p?.stop();
});

describe("the grid worker's report settled on the spot with a photo (事在格中办)", () => {
  let report: FieldReportView;
  let photo: AttachmentView;

  it('files the report, uploads a photo to it (GPS kept: a grid worker’s) and settles with it', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    report = await fileReport(worker, '村道旁电线杆倾斜');
    photo = await uploadPhoto(report.id, worker, await photoWithGps('#3264c8'));
    expect(photo).toMatchObject({ status: 'stored', gpsKept: true, uploadedBy: { username: WORKER } });
    expect(hasGps((await sharp(await download(photo.id, worker)).metadata()).exif)).toBe(true);
    const listed = await p.api(`/api/v1/field-reports/${report.id}/attachments`, { token: worker });
    expect((await json<AttachmentView[]>(listed)).map((a) => a.id)).toEqual([photo.id]);

    const settled = await post(`/api/v1/field-reports/${report.id}/settle`, { result: '已加固电线杆', attachmentIds: [photo.id] }, worker);
    expect(settled.status).toBe(200);
    expect(await json<FieldReportView>(settled)).toMatchObject({
      status: 'settled',
      attachmentIds: [photo.id],
      settlement: { by: WORKER, result: '已加固电线杆', attachmentIds: [photo.id] },
    });
    // Handled: no more photos to it.
    const late = await post(`/api/v1/field-reports/${report.id}/attachments`, { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 }, worker);
    expect(late.status).toBe(409);
  });

  it('is not downloadable by a grid worker of another village nor a clerk of another township (404)', async () => {
    for (const token of [neighbourWorker.token, await p.ctx.tokenFor('clerk.621102102')]) {
      expect((await p.api(`/api/v1/attachments/${photo.id}`, { token })).status).toBe(404);
      expect((await p.api(`/api/v1/field-reports/${report.id}/attachments`, { token })).status).toBe(404);
    }
  });
});

describe('attachment ids that are not stored photos of the report: 422 naming the id, nothing stored', () => {
  it('refuses a foreign photo in a settlement and any id at filing', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const other = await fileReport(worker, '路灯不亮');
    const foreign = await uploadPhoto(other.id, worker, await photoWithGps('#32c864'));
    const target = await fileReport(worker, '井盖松动');

    const settle = await post(`/api/v1/field-reports/${target.id}/settle`, { result: '已处理', attachmentIds: [foreign.id] }, worker);
    await expectUnknownAttachment(settle, foreign.id);
    const unchanged = await json<FieldReportView>(await p.api(`/api/v1/field-reports/${target.id}`, { token: worker }));
    expect(unchanged).toMatchObject({ status: 'open', attachmentIds: [] });

    const before = await reportCount();
    const filing = await post('/api/v1/field-reports', { ...hazard('桥面有裂缝'), attachmentIds: [foreign.id] }, worker);
    await expectUnknownAttachment(filing, foreign.id);
    expect(await reportCount()).toBe(before);
  });

  it('refuses a resident uploading to a report not theirs (404: not theirs to see)', async () => {
    const worker = await p.ctx.tokenFor(WORKER);
    const report = await fileReport(worker, '垃圾堆放');
    const r = await post(
      `/api/v1/field-reports/${report.id}/attachments`,
      { fileName: 'x.jpg', contentType: 'image/jpeg', size: 100 },
      await p.ctx.tokenFor('resident.demo'),
    );
    expect(r.status).toBe(404); // a resident sees only their own reports: existence not revealed
  });
});

describe("a resident's report with a photo, sent to the centre", () => {
  it('loses the GPS position; the photo is on the case the report became, downloaded by the clerk', async () => {
    const resident = await p.ctx.tokenFor('resident.demo');
    const report = await fileReport(resident, '路口井盖缺失，夜间有风险');
    const original = await photoWithGps('#c83232');
    const photo = await uploadPhoto(report.id, resident, original);
    expect(photo).toMatchObject({ status: 'stored', gpsKept: false, uploadedBy: { username: 'resident.demo' } });

    const worker = await p.ctx.tokenFor(WORKER);
    // The grid worker sees the resident's photo on the report.
    expect((await json<FieldReportView>(await p.api(`/api/v1/field-reports/${report.id}`, { token: worker }))).attachmentIds).toEqual([photo.id]);
    const sent = await post(`/api/v1/field-reports/${report.id}/send`, { note: '需镇上协调' }, worker);
    expect(sent.status).toBe(200);
    const { caseId } = await json<FieldReportView>(sent);
    expect(caseId).toBeDefined();
    // A repeated send adds no second copy.
    expect((await post(`/api/v1/field-reports/${report.id}/send`, {}, worker)).status).toBe(200);

    const clerk = await p.ctx.tokenFor('clerk.621102101');
    const onCase = await p.api(`/api/v1/cases/${caseId}/attachments`, { token: clerk });
    expect(onCase.status).toBe(200);
    const listed = await json<AttachmentView[]>(onCase);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      subjectKind: 'case',
      subjectId: caseId,
      sha256: photo.sha256,
      gpsKept: false,
      uploadedBy: { username: 'resident.demo' },
    });
    const bytes = await download(listed[0]!.id, clerk);
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(hasGps(meta.exif)).toBe(false);

    // Neither a grid worker of another village nor a clerk of another township.
    for (const token of [neighbourWorker.token, await p.ctx.tokenFor('clerk.621102102')]) {
      for (const id of [photo.id, listed[0]!.id]) expect([403, 404]).toContain((await p.api(`/api/v1/attachments/${id}`, { token })).status);
      expect([403, 404]).toContain((await p.api(`/api/v1/cases/${caseId}/attachments`, { token })).status);
    }
  });
});
