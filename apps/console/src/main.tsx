import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'dayjs/locale/zh-cn';
import { AuthProvider } from './auth/auth';
import { I18nProvider } from './i18n/i18n';
import { ReferenceProvider } from './reference/reference';
import { App } from './shell/app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <AuthProvider>
        <ReferenceProvider>
          <App />
        </ReferenceProvider>
      </AuthProvider>
    </I18nProvider>
  </StrictMode>,
);
