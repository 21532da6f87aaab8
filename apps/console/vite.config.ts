import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The browser talks to one origin: `/api` is proxied to the gateway (GATEWAY_URL), attachments'
 * presigned URLs under `/<S3_BUCKET>/` to the S3 object store (S3_ENDPOINT), and the Keycloak
 * address is served at runtime as `/console-config.json`, so one build runs anywhere.
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

/**
 * Attachments: the gateway names the console's own origin in presigned URLs (its S3_PUBLIC_ENDPOINT is
 * the console's public URL), so a photo is uploaded and shown from the console's origin — no CORS, no
 * second public address. The path (`/<bucket>/<key>?X-Amz-…`) goes to the store unchanged and with the
 * browser's Host: both are what the URL was signed for. Without S3_ENDPOINT there is no such path.
 */
const s3Endpoint = env['S3_ENDPOINT'];
const s3Bucket = env['S3_BUCKET'] ?? 'fengqiao';
const proxy = {
  '/api': { target: gatewayUrl, changeOrigin: false },
  ...(s3Endpoint ? { [`^/${s3Bucket}/`]: { target: s3Endpoint, changeOrigin: false, xfwd: false } } : {}),
};

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
