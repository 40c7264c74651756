// Ctrl-C during a slow apply leaves a consistent state: SIGINT goes to terraform's whole process group
// (as a terminal sends it, so the plugin receives it too) while an organization create is in flight.
// A tiny loopback proxy in front of Tessera forwards each create at once (the server acts on it) but
// holds the answer back, so the interrupt lands mid-request. Afterwards every organization the server
// created is in terraform's state and nothing in state is missing on the server; a second apply
// finishes the job. The same proxy shows the `timeouts` block enforced as a deadline. Skips loudly
// where terraform is absent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AivenClient } from '../../src/client/index.js';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { TERRAFORM_MISSING, createTerraformWorkspace, expectExit, terraformAvailable } from '../support/terraform.js';

const skip = terraformAvailable() ? false : TERRAFORM_MISSING;
const HOLD_MS = 1500;

/** Forwards to `upstream`; answers to POST /v1/account are held back HOLD_MS after the server answered. */
async function startSlowProxy(upstream: string) {
  const target = new URL(upstream);
  let creates = 0;
  let onCreate: () => void = () => {};
  const firstCreate = new Promise<void>((r) => (onCreate = r));
  const server: Server = createServer((req, res) => {
    const slow = req.method === 'POST' && req.url?.startsWith('/v1/account');
    if (slow) {
      creates++;
      onCreate();
    }
    const upstreamReq = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        const chunks: Buffer[] = [];
        upstreamRes.on('data', (c: Buffer) => chunks.push(c));
        upstreamRes.on('end', () => {
          setTimeout(() => {
            res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
            res.end(Buffer.concat(chunks));
          }, slow ? HOLD_MS : 0);
        });
      },
    );
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstCreate,
    creates: () => creates,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe('slow API: Ctrl-C and deadlines', { skip }, () => {
  let tessera: RunningTessera;
  before(async () => {
    tessera = await startTessera();
  });
  after(async () => {
    await tessera?.stop();
  });

  test('SIGINT to the process group mid-create keeps state and server consistent', async () => {
    const proxy = await startSlowProxy(tessera.url);
    const tf = await createTerraformWorkspace({ apiUrl: proxy.url, token: tessera.adminToken });
    const client = new AivenClient({ baseUrl: tessera.url, token: tessera.adminToken });
    const prefix = `e2e-int-${process.pid}-`;
    const onServer = async () =>
      new Map((await client.listOrganizations()).filter((o) => o.organization_name.startsWith(prefix)).map((o) => [o.organization_id, o.organization_name]));
    try {
      tf.write(`resource "aiven_organization" "o" {\n  count = 4\n  name  = "${prefix}\${count.index}"\n}\n`);
      const run = tf.start(['apply', '-auto-approve', '-no-color', '-parallelism=1']);
      await proxy.firstCreate;
      process.kill(-run.child.pid!, 'SIGINT');
      const interrupted = await run.result;
      assert.notEqual(interrupted.code, 0, `the apply was interrupted:\n${run.output()}`);
      assert.match(interrupted.stdout + interrupted.stderr, /Interrupt received/);

      const inState = new Map(
        (await tf.resources()).map((r) => [r.values.id as string, r.values.name as string]),
      );
      const created = await onServer();
      assert.ok(created.size >= 1, 'the create in flight completed on the server');
      assert.ok(created.size < 4, `the interrupt stopped the apply before all creates (server has ${created.size})`);
      assert.deepEqual(inState, created, 'every organization the server created is in state, and only those');

      const resumed = await tf.run(['apply', '-auto-approve', '-no-color']);
      expectExit(resumed, 0, 'second apply');
      assert.equal((await onServer()).size, 4);
      expectExit(await tf.run(['plan', '-detailed-exitcode', '-no-color']), 0, 'consistent afterwards');
      expectExit(await tf.run(['destroy', '-auto-approve', '-no-color']), 0, 'destroy');
      assert.equal((await onServer()).size, 0);
    } finally {
      await tf.cleanup();
      await proxy.close();
    }
  });

  test('timeouts { create = "500ms" } gives up at the deadline with a clear error', async () => {
    const proxy = await startSlowProxy(tessera.url);
    const tf = await createTerraformWorkspace({ apiUrl: proxy.url, token: tessera.adminToken });
    try {
      tf.write(`resource "aiven_organization" "o" {\n  name = "e2e-deadline-${process.pid}"\n  timeouts {\n    create = "500ms"\n  }\n}\n`);
      const started = Date.now();
      const r = await tf.run(['apply', '-auto-approve', '-no-color']);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /Error: Timeout while creating aiven_organization/);
      assert.match(r.stderr, /did not finish within 500ms/);
      assert.equal(proxy.creates(), 1, 'no retry after the deadline');
      assert.ok(Date.now() - started < 60_000);
    } finally {
      await tf.cleanup();
      await proxy.close();
    }
  });
});
