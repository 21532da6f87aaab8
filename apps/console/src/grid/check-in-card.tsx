import type { CheckInView } from '@fengqiao/contracts';
import { Alert, Button, Card, Descriptions, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, localProblem } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import { ProblemAlert } from '../shell/problem-alert';
import { useLoad } from '../shell/use-load';
import { gridApi } from './grid.api';
import { beijingClock, type GeoProblem } from './grid.helpers';
import { GeoError, locate } from './locate';

/**
 * The daily check-in (报平安): today's check-in as the API has it (`GET /api/v1/check-ins/mine`,
 * whichever phone or browser made it), else the button. The
 * position comes from the phone; a refusal (outside the grid, not a grid worker) shows the
 * service's own message in the current language.
 */
export function CheckInCard() {
  const { t, n } = useI18n();
  const { api } = useAuth();
  const today = useLoad(() => gridApi(api).myCheckIn(), []);
  const [made, setMade] = useState<CheckInView | null>(null);
  const done = made ?? today.data?.checkIn ?? null;
  const [step, setStep] = useState<'idle' | 'locating' | 'sending'>('idle');
  const [geo, setGeo] = useState<GeoProblem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const checkIn = async () => {
    setGeo(null);
    setError(null);
    setStep('locating');
    try {
      const position = await locate();
      setStep('sending');
      const view = await gridApi(api).checkIn({ position });
      setMade(view);
    } catch (e) {
      if (e instanceof GeoError) setGeo(e.problem);
      else setError(e instanceof ApiError ? e : new ApiError(0, localProblem(0, String(e))));
    } finally {
      setStep('idle');
    }
  };

  return (
    <Card size="small" title={t('checkInTitle')} data-testid="check-in" data-state={done ? 'done' : today.data ? 'due' : today.error ? 'error' : 'loading'}>
      {!done && !today.data ? (
        today.error ? (
          <ProblemAlert error={today.error} onRetry={today.reload} />
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )
      ) : done ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="success" showIcon message={t('checkInDone')} data-testid="check-in-done" />
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('checkInAt')}>
              <span data-testid="check-in-at">{beijingClock(done.at)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('checkInGrid')}>
              <span data-testid="check-in-grid" data-grid={done.gridCode}>
                {n(done.gridCode)}
              </span>
            </Descriptions.Item>
          </Descriptions>
          {done.repeated && <Typography.Text type="secondary">{t('checkInRepeated')}</Typography.Text>}
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('checkInNotYet')} · {t('checkInHint')}
          </Typography.Text>
          <Button
            type="primary"
            size="large"
            block
            style={{ height: 52 }}
            loading={step !== 'idle'}
            onClick={() => void checkIn()}
            data-testid="check-in-button"
          >
            {step === 'locating' ? t('checkInLocating') : step === 'sending' ? t('checkInSending') : t('checkInButton')}
          </Button>
          {geo && <Alert role="alert" type="warning" showIcon message={t(geo)} data-testid="check-in-geo" />}
          {error && <ProblemAlert error={error} onRetry={() => void checkIn()} />}
        </Space>
      )}
    </Card>
  );
}
