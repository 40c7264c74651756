// The OpenAPI document is the API's contract with clients and generators: reshaping the route layer
// (where schemas live, how routes register) must not change one byte of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startTestServer } from './support/test-server.js';

test('/openapi.json is byte-identical to the recorded document (test/integration/fixtures/openapi.json)', async () => {
  const recorded = readFileSync(new URL('./fixtures/openapi.json', import.meta.url));
  const server = await startTestServer();
  try {
    const response = await fetch(`${server.url}/openapi.json`);
    assert.equal(response.status, 200);
    const answered = Buffer.from(await response.arrayBuffer());
    if (!answered.equals(recorded)) {
      // Say where they part, not 65 kB of JSON.
      let at = 0;
      while (at < answered.length && answered[at] === recorded[at]) at++;
      assert.fail(
        `/openapi.json differs from the recording at byte ${at}:\n  recorded: …${recorded.subarray(Math.max(0, at - 80), at + 80).toString()}…\n` +
          `  answered: …${answered.subarray(Math.max(0, at - 80), at + 80).toString()}…\n(re-record only for an intended API change; see fixtures/README.md)`,
      );
    }
  } finally {
    await server.close();
  }
});
