// The console route without a built console: every console path says how to build it (503), with the
// console's security headers, and / still redirects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { consoleRoutes, CONSOLE_CONTENT_SECURITY_POLICY } from '../../../src/server/routes/console/console-routes.js';

describe('console route without a build', () => {
  it('answers 503 console_not_built with the security headers', async () => {
    const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    await app.register(consoleRoutes, { assetsDirectory: null });
    for (const url of ['/console', '/console/', '/console/assets/index.js']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 503, url);
      assert.equal(response.json().errors[0].error_code, 'console_not_built');
      assert.match(response.json().message, /npm run build/);
      assert.equal(response.headers['content-security-policy'], CONSOLE_CONTENT_SECURITY_POLICY);
    }
    const root = await app.inject({ url: '/' });
    assert.equal(root.statusCode, 302);
    assert.equal(root.headers.location, '/console/');
    await app.close();
  });
});
