// Pure security helpers of the main process, tried with hostile inputs.
import { describe, it, expect } from 'vitest';
import { isAppUrl, permissionAllowed, CONTENT_SECURITY_POLICY, contentSecurityPolicyFor } from '../../../electron/main/security';
import { resolveStaticPath } from '../../../electron/main/static-files';

describe('main/isAppUrl', () => {
  it.each([
    ['gatecheck://app/index.html', true],
    ['gatecheck://app/', true],
    ['gatecheck://app.evil.com/', false],
    ['gatecheck://user@app/', false],
    ['gatecheck://app:8080/', false],
    ['https://app/', false],
    ['file:///app/index.html', false],
    ['javascript:alert(1)', false],
    ['', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));
});

describe('main/permissionAllowed', () => {
  it('allows only the video camera for our origin', () => {
    expect(permissionAllowed('media', 'gatecheck://app/', ['video'])).toBe(true);
    expect(permissionAllowed('media', 'gatecheck://app/', ['video', 'audio'])).toBe(false);
    expect(permissionAllowed('media', 'https://x/', ['video'])).toBe(false);
    expect(permissionAllowed('geolocation', 'gatecheck://app/')).toBe(false);
  });
});

describe('main/CONTENT_SECURITY_POLICY', () => {
  it('allows no inline or remote script, no eval, no objects', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
  });
});

describe('main/contentSecurityPolicyFor', () => {
  it.each([
    ['/srv/renderer/assets/qr-worker-B2Lp_zB9.js', true],
    ['/srv/renderer/assets/index-nhx99nx0.js', false],
    ['/srv/renderer/index.html', false],
    ['/srv/renderer/assets/not-qr-worker-x.js', false],
    ['/srv/renderer/assets/qr-worker-x.js.map', false],
  ])('%s may compile WebAssembly: %s (never JavaScript eval)', (path, wasm) => {
    const csp = contentSecurityPolicyFor(path);
    expect(csp.includes("'wasm-unsafe-eval'")).toBe(wasm);
    expect(csp).not.toMatch(/'unsafe-eval'|unsafe-inline|https?:|\*/);
  });
});

describe('main/resolveStaticPath', () => {
  const root = '/srv/renderer';
  it.each([
    ['/', '/srv/renderer/index.html'],
    ['/assets/app.js', '/srv/renderer/assets/app.js'],
    ['/assets/app.js?v=1', '/srv/renderer/assets/app.js'],
    ['/../etc/passwd', undefined],
    ['/%2e%2e/%2e%2e/etc/passwd', undefined],
    ['/assets/..%2f..%2f..%2fetc/passwd', undefined],
    ['/..\\..\\windows', undefined],
    ['/%00', undefined],
    ['/%E0%A4%A', undefined],
  ])('%s', (p, expected) => expect(resolveStaticPath(root, p)).toBe(expected));
});
