import { Alert, Button, Card, ConfigProvider, Layout, Menu, Modal, Result, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth';
import { screensFor, type Screen } from '../auth/session';
import { CasesPage } from '../cases/cases-page';
import { ClerkPage } from '../clerk/clerk-page';
import { DepartmentPage } from '../department/department-page';
import { useI18n } from '../i18n/i18n';
import { LeaderPage } from '../leader/leader-page';
import { MediatorPage } from '../mediator/mediator-page';
import { LegalAidApplyPage } from '../legal-aid/apply-page';
import { LegalAidPage } from '../legal-aid/legal-aid-page';
import { MyMattersPage } from '../legal-aid/my-matters-page';
import { PetitionsPage } from '../petitions/petitions-page';
import { KeyPersonLeaderPage } from '../key-persons/kp-leader-page';
import { KeyPersonsPage } from '../key-persons/register-page';
import { KeyPersonTasksPage } from '../key-persons/tasks-page';
import { PointsPage } from '../points/points-page';
import { ResidentPage } from '../resident/resident-page';
import { MapPage } from '../map/map-page';
import { GridHomePage } from '../grid/home-page';
import { GridTabBar } from '../grid/tab-bar';

const PAGES: Record<Screen, () => JSX.Element> = {
  resident: ResidentPage,
  clerk: ClerkPage,
  petitions: PetitionsPage,
  'legal-aid': LegalAidPage,
  'legal-aid-apply': LegalAidApplyPage,
  'my-matters': MyMattersPage,
  mediator: MediatorPage,
  department: DepartmentPage,
  leader: LeaderPage,
  'key-persons': KeyPersonsPage,
  'kp-leader': KeyPersonLeaderPage,
  'kp-tasks': KeyPersonTasksPage,
  map: MapPage,
  'grid-home': GridHomePage,
  points: PointsPage,
  cases: CasesPage,
};

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} aria-label="language / 语言">
      {t('language')}
    </Button>
  );
}

/** Shown after a 401 or a failed token refresh. */
function SessionExpiredPrompt() {
  const { expired, login } = useAuth();
  const { t } = useI18n();
  return (
    <Modal
      open={expired}
      closable={false}
      maskClosable={false}
      title={t('sessionExpired')}
      footer={
        <Button type="primary" onClick={login} data-testid="relogin">
          {t('relogin')}
        </Button>
      }
    >
      <p data-testid="session-expired">{t('sessionExpiredText')}</p>
    </Modal>
  );
}

function Shell() {
  const { session, logout } = useAuth();
  const { t, n } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = screensFor(session?.roles ?? []);
  const current = location.pathname.split('/')[1] as Screen;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '0 12px', background: '#fff', borderBottom: '1px solid #eee' }}>
        <Typography.Text strong style={{ whiteSpace: 'nowrap', color: '#a8071a' }}>
          {t('appName')}
        </Typography.Text>
        <Menu
          mode="horizontal"
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          selectedKeys={[current]}
          onClick={(e) => navigate(`/${e.key}`)}
          items={screens.map((s) => ({ key: s, label: t(`menu.${s}`) }))}
        />
        <Space size={8}>
          <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }} data-testid="whoami" className="fq-whoami" title={session?.username}>
            {session?.name}
            {session?.orgUnit ? ` · ${n(session.orgUnit)}` : ''}
          </Typography.Text>
          <LanguageSwitch />
          <Button size="small" onClick={logout}>
            {t('logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        {screens.length === 0 ? (
          <Result status="403" title={t('forbidden')} subTitle={t('noRoleMenu')} />
        ) : (
          <Routes>
            {(Object.keys(PAGES) as Screen[]).map((s) => {
              const Page = PAGES[s];
              // A screen outside the menu still renders: the API answers 403 and the page says so.
              return <Route key={s} path={`/${s}`} element={<Page />} />;
            })}
            <Route path="*" element={<Navigate to={`/${screens[0]}`} replace />} />
          </Routes>
        )}
        <GridTabBar />
      </Layout.Content>
      <SessionExpiredPrompt />
    </Layout>
  );
}

function Welcome() {
  const { t } = useI18n();
  const { login } = useAuth();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ maxWidth: 440, width: '100%' }}>
        <Typography.Title level={3} style={{ color: '#a8071a' }}>
          {t('appName')}
        </Typography.Title>
        <Typography.Paragraph>{t('welcomeText')}</Typography.Paragraph>
        <Space>
          <Button type="primary" size="large" onClick={login} data-testid="login">
            {t('login')}
          </Button>
          <LanguageSwitch />
        </Space>
      </Card>
    </div>
  );
}

export function App() {
  const { state, error } = useAuth();
  const { lang, t } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#a8071a' } }}>
      {state === 'starting' ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin size="large" tip={t('loading')}>
            <div style={{ height: 80 }} />
          </Spin>
        </div>
      ) : state === 'failed' ? (
        <div style={{ padding: 24 }}>
          <Alert
            type="error"
            showIcon
            message={lang === 'zh' ? '无法连接统一身份认证服务，请稍后刷新页面重试。' : 'The login service cannot be reached; reload the page shortly.'}
            description={error}
            action={<Button onClick={() => window.location.reload()}>{t('retry')}</Button>}
          />
        </div>
      ) : state === 'anonymous' ? (
        <Welcome />
      ) : (
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      )}
    </ConfigProvider>
  );
}
