// The OpenAPI document describes the lifecycle endpoints: audit events, rotation, revocation by holder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from './support/test-server.js';

test('/openapi.json documents events, rotation and revocation with their parameters and answers', async () => {
  const server = await startTestServer();
  try {
    const doc = (await server.api('GET', '/openapi.json', { token: null })).body;
    const events = doc.paths['/v1/organization/{organization_id}/events']?.get;
    assert.ok(events, 'documents the events route');
    assert.deepEqual(
      events.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name).sort(),
      ['action', 'after', 'limit', 'target'],
    );
    assert.ok(events.responses['200'] && events.responses['403'] && events.responses['404']);
    assert.ok(doc.components.schemas.AuditEvent.properties.actor_token_prefix, 'AuditEvent is a component');
    const instance = doc.paths['/v1/events']?.get;
    assert.ok(instance, "documents the instance's trail");
    assert.deepEqual(
      instance.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name).sort(),
      ['action', 'after', 'limit', 'organization_id', 'target'],
    );
    assert.equal(instance.responses['200'].content['application/json'].schema.properties.events.items.$ref, events.responses['200'].content['application/json'].schema.properties.events.items.$ref);

    const rotate = doc.paths['/v1/organization/{organization_id}/application-users/{user_id}/access-tokens/{token_prefix}/rotate']?.post;
    assert.ok(rotate, 'documents the rotate route');
    const grace = rotate.requestBody.content['application/json'].schema.properties.grace_seconds;
    assert.deepEqual([grace.minimum, grace.maximum], [0, 86400]);
    assert.ok(rotate.responses['409'], 'documents the 409 for a token rotated before');
    assert.ok(rotate.responses['200'].content['application/json'].schema.properties.full_token);
    assert.ok(doc.components.schemas.Token.properties.rotated_to);

    const revoke = doc.paths['/v1/token/revoke']?.post;
    assert.ok(revoke, 'documents the revocation route');
    assert.equal(revoke.security, undefined, 'revocation needs no credential');
    assert.deepEqual(revoke.requestBody.content['application/json'].schema.required, ['token']);
    assert.ok(revoke.responses['429'] && revoke.responses['400']);
    assert.equal(revoke.responses['401'], undefined, 'revocation never answers 401');
    assert.ok(revoke.requestBody.content['application/x-www-form-urlencoded'], 'documents the form body');
  } finally {
    await server.close();
  }
});
