// Serves the built renderer from gatecheck://app/ with the CSP as a response header (the meta tag repeats it).
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, contentSecurityPolicyFor } from './security';
import { mimeOf, resolveStaticPath } from './static-files';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveStaticPath(rendererDir, url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { 'content-type': mimeOf(file), 'content-security-policy': contentSecurityPolicyFor(file) } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
