// TLS off the machine: a venue URL that points anywhere but a Unix socket or loopback must verify the server.
import { describe, expect, it } from 'vitest';
import { clientConfig, withCredentials } from '../../../electron/db/venue/connect';

describe('venue connection settings', () => {
  it.each([
    ['postgresql://a:b@/venue?host=/run/postgresql', false],
    ['postgresql://a:b@localhost/venue', false],
    ['postgresql://a:b@127.0.0.1:5433/venue', false],
    ['postgresql://a:b@[::1]/venue', false],
  ])('%s: local, no TLS demanded', (url, ssl) => {
    expect(clientConfig(url).ssl).toBe(ssl);
  });

  it.each([
    'postgresql://a:b@db.venue.example/venue',
    'postgresql://a:b@10.0.0.5/venue?sslmode=require',
    'postgresql://a:b@10.0.0.5/venue?sslmode=disable',
    'postgresql://a:b@10.0.0.5/venue?sslmode=prefer',
    'postgresql://a:b@127.0.0.1.evil.example/venue',
  ])('%s: refused without verify-full (VENUE_TLS_REQUIRED)', (url) => {
    expect(() => clientConfig(url)).toThrow(expect.objectContaining({ code: 'VENUE_TLS_REQUIRED' }));
  });

  it('verify-full off the machine verifies the certificate', () => {
    expect(clientConfig('postgresql://a:b@db.venue.example/venue?sslmode=verify-full').ssl).toMatchObject({ rejectUnauthorized: true });
  });

  it('a station keeps the admin URL with its own role and password, percent-encoded', () => {
    expect(withCredentials('postgresql://admin:pw@/venue?host=/tmp/s&port=5', 'gc_st_1_ab', 'p/w+=')).toBe('postgresql://gc_st_1_ab:p%2Fw%2B%3D@/venue?host=/tmp/s&port=5');
    expect(withCredentials('postgres://db.example:5432/v?sslmode=verify-full', 'r', 'p')).toBe('postgres://r:p@db.example:5432/v?sslmode=verify-full');
  });
});
