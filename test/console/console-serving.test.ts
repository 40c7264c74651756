// How the server serves the console: at /console (and / redirects there), from the files npm run
// build wrote, with a strict Content-Security-Policy and security headers on every console response,
// and pages that need nothing inline (the CSP would block it) and nothing from another origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTessera, type RunningTessera } from '../support/tessera.js';

const EXPECTED_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function assertSecurityHeaders(response: Response, what: string): void {
  for (const [name, value] of Object.entries(EXPECTED_HEADERS)) assert.equal(response.headers.get(name), value, `${name} on ${what}`);
  assert.equal(response.headers.get('set-cookie'), null, `no cookie on ${what}`);
}

describe('serving the web console', () => {
  let tessera: RunningTessera;
  before(async () => {
    tessera = await startTessera();
  });
  after(async () => {
    await tessera?.stop();
  });

  it('redirects / to /console/', async () => {
    const response = await fetch(`${tessera.url}/`, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/console/');
  });

  it('serves the page at /console and /console/ with the security headers, revalidated on each load', async () => {
    for (const path of ['/console', '/console/']) {
      const response = await fetch(`${tessera.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type')!, /^text\/html/);
      assert.equal(response.headers.get('cache-control'), 'no-cache');
      assertSecurityHeaders(response, path);
      const html = await response.text();
      assert.match(html, /<div id="app">/);
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style');
      assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
    }
  });

  it('serves every asset the page names, compressed and cached for good, with the same headers', async () => {
    const html = await (await fetch(`${tessera.url}/console/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/console\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css')), `script and stylesheet in ${assets}`);
    for (const asset of assets) {
      const response = await fetch(`${tessera.url}${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
      assert.equal(response.status, 200, asset);
      assertSecurityHeaders(response, asset);
      if (asset.includes('/assets/')) {
        assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.equal(response.headers.get('content-encoding'), 'br', `${asset} is served precompressed`);
      }
      const body = await response.text();
      if (asset.endsWith('.js')) assert.doesNotMatch(body, /\bhttps?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\//i, `${asset} loads nothing from another origin`);
    }
  });

  it('answers an unknown console file with the Aiven 404 body and the same headers; dotfiles are refused', async () => {
    const response = await fetch(`${tessera.url}/console/assets/nope.js`);
    assert.equal(response.status, 404);
    assertSecurityHeaders(response, 'a 404');
    assert.equal(((await response.json()) as { errors: Array<{ error_code: string }> }).errors[0].error_code, 'not_found');
    const dotfile = await fetch(`${tessera.url}/console/.env`);
    assert.ok(dotfile.status === 403 || dotfile.status === 404, `dotfile answered ${dotfile.status}`);
  });

  it('keeps the console out of the OpenAPI document', async () => {
    const openapi = (await (await fetch(`${tessera.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    assert.ok(Object.keys(openapi.paths).some((p) => p.startsWith('/v1/')));
    assert.ok(!Object.keys(openapi.paths).some((p) => p === '/' || p.startsWith('/console')));
  });
});
