// Unauthenticated operations endpoints: /healthz, /readyz, /metrics, /openapi.json, /docs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOrganization, createToken, createUser, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test('/healthz and /readyz answer without a token', async () => {
  const health = await server.api('GET', '/healthz', { token: null });
  assert.equal(health.status, 200);
  assert.deepEqual(health.body, { status: 'ok' });
  const ready = await server.api('GET', '/readyz', { token: null });
  assert.equal(ready.status, 200);
  assert.deepEqual(ready.body, { status: 'ready' });
});

test('/metrics: requests by route and status with latencies, auth failures by reason, verifications, pending writes', async () => {
  const { api } = server;
  const org = await createOrganization(api);
  const user = await createUser(api, org);
  const token = await createToken(api, org, user);
  await api('GET', '/v1/me', { token: token.full_token });
  await api('GET', '/v1/me', { token: 'tsr_nope' });
  await api('GET', '/v1/me', { token: null });
  const metrics = await api('GET', '/metrics', { token: null });
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  const text = metrics.text;
  assert.match(text, /^tessera_http_requests_total\{method="GET",route="\/v1\/me",status="200"\} [1-9]/m);
  assert.match(text, /^tessera_http_requests_total\{method="GET",route="\/v1\/me",status="401"\} 2$/m);
  assert.match(text, /^tessera_http_request_duration_seconds_bucket\{method="GET",route="\/v1\/me",status="200",le="\+Inf"\} [1-9]/m);
  assert.match(text, /^tessera_http_request_duration_seconds_count\{method="POST",route="\/v1\/organizations",status="200"\} 1$/m);
  assert.match(text, /^tessera_auth_failures_total\{reason="malformed"\} 1$/m);
  assert.match(text, /^tessera_auth_failures_total\{reason="missing"\} 1$/m);
  assert.match(text, /^tessera_tokens_verified_total\{source="cache"\} \d+$/m);
  assert.match(text, /^tessera_tokens_verified_total\{source="database"\} [1-9]/m);
  assert.match(text, /^tessera_last_use_pending \d+$/m);
  assert.match(text, /^# TYPE tessera_http_request_duration_seconds histogram$/m);
});

test('/openapi.json is an OpenAPI 3.1 document built from the route schemas', async () => {
  const response = await server.api('GET', '/openapi.json', { token: null });
  assert.equal(response.status, 200);
  const doc = response.body;
  assert.equal(doc.openapi, '3.1.0');
  for (const path of [
    '/v1/organizations', '/v1/organization/{organization_id}', '/v1/account', '/v1/account/{account_id}',
    '/v1/organization/{organization_id}/application-users', '/v1/organization/{organization_id}/application-users/{user_id}',
    '/v1/organization/{organization_id}/application-users/{user_id}/access-tokens',
    '/v1/organization/{organization_id}/application-users/{user_id}/access-tokens/{token_prefix}',
    '/v1/me', '/v1/token/introspect', '/healthz', '/readyz', '/metrics',
  ]) {
    assert.ok(doc.paths[path], `documents ${path}`);
  }
  const create = doc.paths['/v1/organization/{organization_id}/application-users/{user_id}/access-tokens'].post;
  const body = create.requestBody.content['application/json'].schema;
  assert.equal(body.properties.description.maxLength, 1000);
  assert.equal(body.additionalProperties, false);
  assert.ok(doc.components.securitySchemes.aivenv1);
  assert.ok(doc.components.schemas.Token, 'shared schemas are components');
});

test('/docs is a browsable reference page', async () => {
  const response = await fetch(`${server.url}/docs`, { redirect: 'follow' });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<html/i);
});

test('while shutting down, requests get 503 in the Aiven shape and /readyz says so', async () => {
  server.tessera.context.accepting = false; // what close() sets first
  try {
    for (const path of ['/readyz', '/healthz', '/v1/me']) {
      const response = await server.api('GET', path);
      assert.equal(response.status, 503, path);
      assert.equal(response.body.errors[0].error_code, 'shutting_down');
    }
  } finally {
    server.tessera.context.accepting = true;
  }
  assert.equal((await server.api('GET', '/readyz')).status, 200);
});
