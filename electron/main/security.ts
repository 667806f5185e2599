// Hardening of every window and session (Electron security checklist): no navigation, no new windows, no
// <webview>, permissions denied except the camera for our own origin. The origin test is pure so it can be
// unit-tested with hostile URLs.

/** The app's own origin: the custom protocol the renderer is served from. */
export const APP_SCHEME = 'gatecheck';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** True only for URLs on our own origin (scheme and host exactly; no userinfo tricks, no other ports). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The camera's QR worker, and only it, may compile WebAssembly (zxing-cpp): 'wasm-unsafe-eval' allows compiling wasm,
 * never JavaScript eval. A dedicated worker runs under the policy its own script is served with.
 */
export const WORKER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

/** The policy a served file gets: the QR worker's script its own, everything else the page's. */
export function contentSecurityPolicyFor(path: string): string {
  return /(^|\/)qr-worker[-.][\w.-]*\.js$/.test(path) ? WORKER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
}

interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): void;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

interface SessionLike {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string; securityOrigin?: string; mediaTypes?: string[] }) => void): void;
  setPermissionCheckHandler(handler: (wc: unknown, permission: string, origin: string, details: { securityOrigin?: string; mediaType?: string }) => boolean): void;
}

/** Only `media` (the QR camera, video only) for our own origin; everything else is denied. */
export function permissionAllowed(permission: string, origin: string | undefined, mediaTypes?: string[]): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(origin)) return false;
  return !mediaTypes || mediaTypes.every((t) => t === 'video');
}

export function hardenWebContents(contents: WebContentsLike): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.securityOrigin ?? details.requestingUrl, details.mediaTypes));
  });
  session.setPermissionCheckHandler((_wc, permission, origin, details) =>
    permissionAllowed(permission, details.securityOrigin ?? origin, details.mediaType ? [details.mediaType] : undefined));
}
