// The plugin's unix socket listener: it serves connections like listen() would, reports listen errors,
// and leaves Node's cluster support unloaded.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenOnUnixSocket } from '../../../src/terraform/protocol/listen-unix-socket.js';

const dir = mkdtempSync(join(tmpdir(), 'tessera-listen-'));
const servers: Server[] = [];
function server(): Server {
  const s = createServer((socket) => socket.end('hello'));
  servers.push(s);
  return s;
}

describe('listening on the plugin socket', () => {
  after(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts connections on the path, and address() names it', async () => {
    const path = join(dir, 'plugin.sock');
    const s = server();
    await listenOnUnixSocket(s, path);
    assert.equal(s.address(), path);
    assert.equal(s.listening, true);
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      connect(path)
        .setEncoding('utf8')
        .on('data', (chunk: string) => (text += chunk))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    assert.equal(answer, 'hello');
  });

  it('rejects with the listen error: a path in use, a folder that does not exist', async () => {
    const path = join(dir, 'taken.sock');
    await listenOnUnixSocket(server(), path);
    await assert.rejects(listenOnUnixSocket(server(), path), { code: 'EADDRINUSE' });
    // libuv reports a missing folder as EACCES when binding a pipe, as listen() does
    const missing = join(dir, 'missing', 'x.sock');
    await assert.rejects(listenOnUnixSocket(server(), missing), (error: NodeJS.ErrnoException) => /^E(ACCES|NOENT)$/.test(error.code ?? '') && error.message.includes(missing));
  });

  it('does not load node:cluster (listen() would, on every plugin launch)', () => {
    const module = fileURLToPath(new URL('../../../src/terraform/protocol/listen-unix-socket.ts', import.meta.url));
    const script = `
      import { createServer } from 'node:net';
      import { listenOnUnixSocket } from ${JSON.stringify(module)};
      const s = createServer();
      await listenOnUnixSocket(s, ${JSON.stringify(join(dir, "child.sock"))});
      s.close();
      console.log(JSON.stringify(process.moduleLoadList.filter((m) => / cluster$/.test(m))));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});
