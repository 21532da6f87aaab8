import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The browser talks to one origin: `/api` is proxied to the gateway (GATEWAY_URL), and the
 * Keycloak address is served at runtime as `/console-config.json`, so one build runs anywhere.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const gatewayUrl = env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';
const port = Number(env['CONSOLE_PORT'] ?? 4200);
const host = env['CONSOLE_HOST'] ?? '127.0.0.1';

function runtimeConfig(): Plugin {
  const body = JSON.stringify({
    keycloakUrl: env['KEYCLOAK_PUBLIC_URL'] ?? env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8080',
    realm: env['KEYCLOAK_REALM'] ?? 'fengqiao',
    clientId: env['CONSOLE_CLIENT_ID'] ?? 'fq-console',
  });
  const serve = (_req: unknown, res: { setHeader(k: string, v: string): void; end(b: string): void }) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  };
  return {
    name: 'fq-runtime-config',
    configureServer: (s) => void s.middlewares.use('/console-config.json', serve),
    configurePreviewServer: (s) => void s.middlewares.use('/console-config.json', serve),
  };
}

const proxy = { '/api': { target: gatewayUrl, changeOrigin: false } };

// The platform contracts and rules (and the calendar they use) as source; tsconfig.json `paths` says the same to the type checker.
const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), runtimeConfig()],
  resolve: { alias: { '@fengqiao/contracts': lib('contracts'), '@fengqiao/calendar': lib('calendar'), '@fengqiao/rules': lib('rules') } },
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: { host, port, strictPort: true, proxy },
  preview: { host, port, strictPort: true, proxy },
});
