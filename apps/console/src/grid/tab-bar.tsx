import { Grid } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/dictionary';

const TABS: Array<{ key: string; path: string; word: MessageKey; icon: string }> = [
  { key: 'home', path: '/grid-home', word: 'gridTabHome', icon: '⌂' },
  { key: 'report', path: '/grid-home?report=1', word: 'gridTabReport', icon: '＋' },
  { key: 'tasks', path: '/kp-tasks', word: 'gridTabTasks', icon: '☑' },
  { key: 'cases', path: '/cases', word: 'gridTabCases', icon: '☰' },
];
const HEIGHT = 60;

/**
 * A grid worker's navigation on a phone: a bar at the bottom, in reach of the thumb (home, report,
 * key-person tasks, cases). Nothing for other roles or on a wider screen, where the top menu serves.
 */
export function GridTabBar() {
  const { session } = useAuth();
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  if (!session?.roles.includes('grid-worker') || screens.md) return null;
  const current = pathname === '/grid-home' && new URLSearchParams(search).get('report') === '1' ? 'report' : TABS.find((x) => x.path === pathname)?.key;
  return (
    <>
      <div style={{ height: HEIGHT }} aria-hidden />
      <nav
        data-testid="grid-tab-bar"
        style={{
          position: 'fixed',
          left: 0,
          right: 0,
          bottom: 0,
          height: HEIGHT,
          display: 'flex',
          background: '#fff',
          borderTop: '1px solid #eee',
          zIndex: 900,
          paddingBottom: 'env(safe-area-inset-bottom)',
        }}
      >
        {TABS.map((x) => (
          <button
            key={x.key}
            type="button"
            data-tab={x.key}
            aria-current={current === x.key ? 'page' : undefined}
            onClick={() => navigate(x.path)}
            style={{
              flex: 1,
              border: 'none',
              background: 'none',
              display: 'flex',
              flexDirection: 'column',
              alignItems: 'center',
              justifyContent: 'center',
              gap: 2,
              fontSize: 13,
              color: current === x.key ? '#a8071a' : '#595959',
              fontWeight: current === x.key ? 600 : 400,
              cursor: 'pointer',
            }}
          >
            <span style={{ fontSize: 20, lineHeight: 1 }} aria-hidden>
              {x.icon}
            </span>
            {t(x.word)}
          </button>
        ))}
      </nav>
    </>
  );
}
