import { Alert, Button, Descriptions, List, Space, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import type { EligibilityRuleResult, LegalAidDocumentName, LegalAidFileView } from '@fengqiao/contracts';
import type { CaseView } from '../api/api.types';
import { LEGAL_AID_FILE_READER_ROLES } from '@fengqiao/rules';
import { ApiError, describeProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { formatTime } from '../cases/case.helpers';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { ECONOMIC_NAMES } from './legal-aid.codes';
import { legalAidApi, saveFile } from './legal-aid.api';
import { fileFromTimeline } from './legal-aid.timeline';

const MET_COLOUR = (met: boolean | null) => (met === true ? 'green' : met === false ? 'red' : 'gold');

/**
 * A legal-aid case's file (GET /api/v1/cases/{id}/legal-aid): the screening rule by rule with its
 * articles, the material request and what is missing, the decision and its reasons, the provider,
 * the court, termination, objection, closure, quality review, and the issued documents to download.
 * `actions` are the case's buttons the person may press: the file offers the ones that belong to it.
 */
export function LegalAidFilePanel({ c, actions, onAction }: { c: CaseView; actions: readonly string[]; onAction(a: string): void }) {
  const { t, n, lang } = useI18n();
  const { api, session } = useAuth();
  // The agency's file for those who read it; an applicant follows the same from their case's steps.
  const reads = (session?.roles ?? []).some((r) => (LEGAL_AID_FILE_READER_ROLES as readonly string[]).includes(r));
  // Follows the case: each step the case shows may change the file.
  const loaded = useLoad(() => (reads ? legalAidApi(api).file(c.id) : Promise.resolve(null)), [c.id, c.timeline.length, c.status, reads]);
  const unreadable = !reads || loaded.error?.status === 403 || loaded.error?.status === 404;
  const f = loaded.data ?? (unreadable && !loaded.loading ? fileFromTimeline(c) : undefined);
  if (!f && loaded.error) return <ProblemAlert error={loaded.error} onRetry={loaded.reload} />;
  // Nothing to show before the application's facts.
  if (!f || (!f.appliedAt && !f.decision)) return null;
  const eco = (code: string) => ECONOMIC_NAMES[code]?.[lang] ?? n(code);
  return (
    <div data-testid="legal-aid-file">
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('laFile')}
        {f.matter && <Tag style={{ marginLeft: 8 }}>{n(f.matter)}</Tag>}
      </Typography.Title>

      {f.assessment && (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'o',
                label: t('laAssessmentOutcome'),
                children: (
                  <Tag
                    color={f.assessment.outcome === 'eligible' ? 'green' : f.assessment.outcome === 'ineligible' ? 'red' : 'gold'}
                    data-testid="assessment-outcome"
                  >
                    {n(f.assessment.outcome)}
                  </Tag>
                ),
              },
              { key: 'e', label: t('laEconomic'), children: eco(f.assessment.economic) },
              ...(f.assessment.standard
                ? [
                    { key: 's', label: t('laStandard'), children: `${f.assessment.standard.source}（${t('laVersion')} ${f.assessment.standard.version}）` },
                    { key: 'th', label: t('laThreshold'), children: `${f.assessment.standard.thresholdPerHead} 元` },
                  ]
                : []),
              ...(f.assessment.advanceAidGrounds.length
                ? [{ key: 'a', label: t('laAdvanceGrounds'), children: f.assessment.advanceAidGrounds.map((g) => n(g)).join('、') }]
                : []),
            ]}
          />
          {f.assessment.rules.length > 0 && (
            <Table<EligibilityRuleResult>
              data-testid="assessment-rules"
              size="small"
              rowKey="rule"
              pagination={false}
              scroll={{ x: true }}
              dataSource={f.assessment.rules}
              columns={[
                { title: t('laRule'), dataIndex: 'rule', render: (v: string) => n(v) },
                { title: t('laArticle'), dataIndex: 'article', width: 90 },
                {
                  title: t('laMet'),
                  dataIndex: 'met',
                  width: 90,
                  render: (v: boolean | null) => (
                    <Tag color={MET_COLOUR(v)} data-met={String(v)}>
                      {v === true ? t('laMetYes') : v === false ? t('laMetNo') : t('laMetUnknown')}
                    </Tag>
                  ),
                },
                { title: t('laWhy'), key: 'why', render: (_: unknown, r) => r[lang] },
              ]}
            />
          )}
        </>
      )}

      {f.materialRequest && <MaterialRequest f={f} canSupply={actions.includes('supply-materials')} onSupply={() => onAction('supply-materials')} />}

      {f.decision && (
        <Alert
          style={{ marginTop: 12 }}
          data-testid="legal-aid-decision"
          type={f.decision.granted ? 'success' : 'warning'}
          showIcon
          message={`${f.decision.granted ? t('laGranted') : t('laRefused')} · ${formatTime(f.decision.at)}`}
          description={
            f.decision.granted ? (
              f.decision.text
            ) : (
              <>
                <Typography.Text strong>{t('laReasons')}：</Typography.Text>
                <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="refusal-reasons">
                  {f.decision.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
                {f.decision.text && <Typography.Paragraph style={{ marginBottom: 0 }}>{f.decision.text}</Typography.Paragraph>}
              </>
            )
          }
        />
      )}
      {(c.status === 'refused' || c.status === 'terminated') && actions.includes('object') && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={t('laObjectHint')}
          action={
            <Button size="small" onClick={() => onAction('object')}>
              {t('action.object')}
            </Button>
          }
        />
      )}

      <Descriptions
        size="small"
        style={{ marginTop: 12 }}
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          ...(f.advanceAid ? [{ key: 'adv', label: n('advance-aid'), children: `${n(f.advanceAid.ground)} · ${formatTime(f.advanceAid.at)}` }] : []),
          ...(f.assignment
            ? [
                {
                  key: 'prov',
                  label: t('laProvider'),
                  children: (
                    <span data-testid="legal-aid-provider">{`${f.assignment.providerName}（${f.assignment.organisation}） · ${formatTime(f.assignment.at)}`}</span>
                  ),
                },
                { key: 'why', label: t('laAssignedReason'), children: f.assignment.reason },
              ]
            : []),
          ...(f.court ? [{ key: 'court', label: t('laCourt'), children: `${f.court.court} ${f.court.courtCaseNo}（${f.court.filedOn}）` }] : []),
          ...(f.termination ? [{ key: 'term', label: t('laTermination'), children: `${n(f.termination.reason)}：${f.termination.text}` }] : []),
          ...(f.objection
            ? [{ key: 'obj', label: t('laObjection'), children: `${f.objection.reason}${f.objection.decision ? ` → ${n(f.objection.decision)}` : ''}` }]
            : []),
          ...(f.closure
            ? [
                {
                  key: 'clo',
                  label: t('laClosure'),
                  children: [f.closure.result && n(f.closure.result), f.closure.endedOn, f.closure.summary, f.closure.materials.join('、')]
                    .filter(Boolean)
                    .join(' · '),
                },
              ]
            : []),
          ...(f.quality ? [{ key: 'q', label: t('laQuality'), children: `${n(f.quality.grade)}${f.quality.note ? ` · ${f.quality.note}` : ''}` }] : []),
        ]}
      />

      {f.documents.length > 0 && <Documents caseId={f.caseId} documents={f.documents} />}
    </div>
  );
}

function MaterialRequest({ f, canSupply, onSupply }: { f: LegalAidFileView; canSupply: boolean; onSupply(): void }) {
  const { t } = useI18n();
  const r = f.materialRequest!;
  return (
    <List
      style={{ marginTop: 12 }}
      data-testid="material-request"
      size="small"
      bordered
      header={
        <Space wrap>
          <Typography.Text strong>{t('laMaterialRequest')}</Typography.Text>
          <span>{formatTime(r.at)}</span>
          <Tag color={r.suppliedAt ? 'green' : 'orange'}>{r.suppliedAt ? `${t('laSupplied')} ${formatTime(r.suppliedAt)}` : t('laNotSupplied')}</Tag>
        </Space>
      }
      footer={
        canSupply ? (
          <Button type="primary" onClick={onSupply} data-testid="supply-materials">
            {t('laSupply')}
          </Button>
        ) : undefined
      }
      dataSource={r.missing}
      renderItem={(m) => <List.Item>{m}</List.Item>}
    />
  );
}

/** Issued documents as download links (the PDF comes with the session's token, then is saved). */
function Documents({ caseId, documents }: { caseId: string; documents: LegalAidFileView['documents'] }) {
  const { t, n, lang } = useI18n();
  const { api } = useAuth();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (kind: LegalAidDocumentName) => {
    setBusy(kind);
    try {
      const { blob, filename } = await legalAidApi(api).document(caseId, kind);
      saveFile(blob, filename ?? `${n(kind)}.pdf`);
    } catch (e) {
      void message.error(e instanceof ApiError ? describeProblem(e.problem, lang).text : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('laDocuments')}
      </Typography.Title>
      <Space wrap data-testid="legal-aid-documents">
        {documents.map((d) => (
          <Button key={`${d.kind}-${d.seq}`} type="link" loading={busy === d.kind} onClick={() => void download(d.kind)} data-document={d.kind}>
            {n(d.kind)} · {formatTime(d.issuedAt)}
          </Button>
        ))}
      </Space>
    </>
  );
}
