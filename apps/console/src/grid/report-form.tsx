import { FIELD_REPORT_KINDS, type FieldReportView } from '@fengqiao/contracts';
import { Alert, Button, Drawer, Form, Input, InputNumber, Radio, Result, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { AttachmentGallery } from '../attachments/attachment-gallery';
import { storedIds } from '../attachments/attachments.helpers';
import { PhotoPicker, uploadPhotos, type PickedPhoto } from '../attachments/photo-picker';
import { ApiError, describeProblem, fieldErrors } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { fill } from '../key-persons/key-persons.helpers';
import { useReference } from '../reference/reference';
import { gridApi } from './grid.api';
import { fieldReportBody, type ReportValues } from './grid.helpers';
import { GeoError, locate } from './locate';

/**
 * 随手拍: a field report from the phone — kind, category, what was seen, where (the phone's
 * position, or typed), photos (the camera, several), and the result when the grid worker settled it
 * on the spot. The service's field errors land on the fields; nothing typed is lost on a refusal.
 * Photos follow the API's order: the report is filed, each photo uploaded to it, and a report settled
 * on the spot with photos is then settled naming them. A refused photo (type, size: the API's words,
 * in the current language) stays on the form to remove or replace; submitting again goes on from
 * there and never files the report twice.
 */
export function ReportForm({ open, onClose, onReported }: { open: boolean; onClose(): void; onReported(r: FieldReportView): void }) {
  const { t, n, lang } = useI18n();
  const { api } = useAuth();
  const { categories } = useReference();
  const [form] = Form.useForm();
  const settle = Form.useWatch('settle', form);
  const accuracy = Form.useWatch(['position', 'accuracy'], form);
  const [locating, setLocating] = useState(false);
  const [geo, setGeo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<FieldReportView | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  /** The report once filed (its photos may still be on their way). */
  const [filed, setFiled] = useState<FieldReportView | null>(null);
  const restart = () => {
    setDone(null);
    setFiled(null);
    setPhotos([]);
    setProblem(null);
    form.resetFields();
    void takePosition();
  };

  const takePosition = async () => {
    setGeo(null);
    setLocating(true);
    try {
      const p = await locate();
      form.setFieldsValue({ position: { lng: p.lng, lat: p.lat, accuracy: p.accuracy ?? null } });
    } catch (e) {
      setGeo(t(e instanceof GeoError ? e.problem : 'geoUnavailable'));
    } finally {
      setLocating(false);
    }
  };

  // A new form each time it opens, the phone's position asked for at once.
  useEffect(() => {
    if (!open) return;
    restart();
  }, [open]);

  const submit = async (values: ReportValues) => {
    setBusy(true);
    setProblem(null);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    try {
      let r = filed;
      if (!r) {
        const body = fieldReportBody(values);
        // Settled with photos: filed open, settled once its photos are stored (settle names them).
        if (photos.length) delete body.settledOnSpot;
        r = await gridApi(api).report(body);
        setFiled(r);
        // On the home's lists at once, whatever becomes of its photos.
        onReported(r);
      }
      const after = photos.length ? await uploadPhotos(api, { kind: 'field-report', id: r.id }, photos, setPhotos) : photos;
      if (after.some((p) => p.state !== 'stored')) {
        setProblem(t('reportFiledPhotosPending'));
        return;
      }
      const result = fieldReportBody(values).settledOnSpot?.result;
      if (r.status === 'open' && result) r = await gridApi(api).followUp(r.id, 'settle', { result, attachmentIds: storedIds(after) });
      setDone(r);
      onReported(r);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const errs = fieldErrors(e.problem.errors, lang);
      if (errs.length) form.setFields(errs.map((f) => ({ name: f.name, errors: f.errors })));
      setProblem(describeProblem(e.problem, lang).text);
    } finally {
      setBusy(false);
    }
  };

  const required = [{ required: true, message: t('reportRequired') }];
  return (
    <Drawer open={open} onClose={onClose} title={t('reportTitle')} width="min(560px, 100vw)" destroyOnClose styles={{ body: { padding: 12 } }}>
      {done ? (
        <div data-testid="report-done" data-status={done.status}>
          <Result
            status="success"
            title={done.status === 'settled' ? t('reportSettled') : t('reportSent')}
            subTitle={`${n(done.category)} · ${n(done.gridCode)}`}
          />
          <AttachmentGallery subject={{ kind: 'field-report', id: done.id }} testId="report-done-photos" />
          <Space style={{ width: '100%', justifyContent: 'center', marginTop: 16 }}>
            <Button onClick={restart}>{t('reportAnother')}</Button>
            <Button type="primary" onClick={onClose}>
              {t('reportClose')}
            </Button>
          </Space>
        </div>
      ) : (
        <Form
          form={form}
          layout="vertical"
          data-testid="field-report-form"
          initialValues={{ kind: 'hazard', settle: false }}
          disabled={!!filed}
          onFinish={(v: ReportValues) => void submit(v)}
          requiredMark={false}
        >
          <Form.Item name="kind" label={t('reportKind')} rules={required}>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" style={{ display: 'flex' }}>
              {FIELD_REPORT_KINDS.map((k) => (
                <Radio.Button key={k} value={k} style={{ flex: 1, textAlign: 'center' }}>
                  {t(`reportKind.${k}`)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="category" label={t('reportCategory')} rules={required}>
            <Select showSearch size="large" optionFilterProp="label" options={categories.map((c) => ({ value: c.code, label: n(c.code) }))} />
          </Form.Item>
          <Form.Item name="text" label={t('reportText')} rules={required}>
            <Input.TextArea rows={4} maxLength={2000} placeholder={t('reportTextPlaceholder')} />
          </Form.Item>
          <Form.Item label={t('reportPosition')} required style={{ marginBottom: 8 }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Button block onClick={() => void takePosition()} loading={locating} data-testid="report-locate">
                {t('reportUseMyPosition')}
              </Button>
              <Space.Compact block>
                <Form.Item name={['position', 'lng']} rules={required} noStyle>
                  <InputNumber style={{ width: '50%' }} min={-180} max={180} step={0.0001} placeholder={t('reportLng')} aria-label={t('reportLng')} />
                </Form.Item>
                <Form.Item name={['position', 'lat']} rules={required} noStyle>
                  <InputNumber style={{ width: '50%' }} min={-90} max={90} step={0.0001} placeholder={t('reportLat')} aria-label={t('reportLat')} />
                </Form.Item>
              </Space.Compact>
              <Form.Item name={['position', 'accuracy']} hidden>
                <InputNumber />
              </Form.Item>
              {typeof accuracy === 'number' && <Typography.Text type="secondary">{fill(t('reportAccuracy'), { n: Math.round(accuracy) })}</Typography.Text>}
              {geo && <Alert type="warning" showIcon message={geo} data-testid="report-geo" />}
            </Space>
          </Form.Item>
          <Form.Item name="address" label={t('reportAddress')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="settle" label={t('reportSettle')} valuePropName="checked">
            <Switch data-testid="report-settle" />
          </Form.Item>
          {settle && (
            <Form.Item name={['settledOnSpot', 'result']} label={t('reportSettleResult')} rules={required}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          <Form.Item label={t('photosLabel')}>
            <PhotoPicker photos={photos} onChange={setPhotos} disabled={busy} />
          </Form.Item>
          {problem && <Alert role="alert" data-testid="form-errors" type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={false} style={{ height: 52 }} data-testid="report-submit">
            {t('reportSubmit')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
