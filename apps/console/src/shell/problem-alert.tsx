import { Alert, Button } from 'antd';
import { ApiError, describeProblem } from '../api/problem';
import { useI18n } from '../i18n/i18n';
import { useAuth } from '../auth/auth';

/** A failed call explained: what happened and what the user can do (retry, sign in again, ask for access). */
export function ProblemAlert({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  const { login } = useAuth();
  const d = describeProblem(error.problem, lang);
  const action =
    d.kind === 'session' ? (
      <Button size="small" type="primary" onClick={login}>
        {t('relogin')}
      </Button>
    ) : onRetry && d.kind !== 'forbidden' ? (
      <Button size="small" onClick={onRetry}>
        {t('retry')}
      </Button>
    ) : undefined;
  return (
    <Alert
      role="alert"
      data-testid={`problem-${d.kind}`}
      type={d.kind === 'forbidden' || d.kind === 'session' ? 'warning' : 'error'}
      showIcon
      message={d.kind === 'forbidden' ? t('forbidden') : d.text}
      description={d.kind === 'forbidden' ? d.text : undefined}
      action={action}
    />
  );
}
