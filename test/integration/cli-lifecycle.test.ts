// The lifecycle commands of the real `bin/tessera` against a running `bin/tessera serve`:
// `tessera events ORG [--follow]` and `--instance`, `tessera token rotate … [--grace]`, `tessera token scan PATH… [--revoke]`,
// including their failures (exit 1 with the server's status and error code).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateToken } from '../../src/domain/token-format.js';
import { startTessera, TESSERA_BIN, REPO_ROOT, type RunningTessera } from '../support/tessera.js';
import { apiCaller, createOrganization, createToken, createUser, tokensPath, type ApiCaller } from './support/test-server.js';

const run = promisify(execFile);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/tessera; never throws for a non-zero exit. */
async function tessera(args: string[], env: Record<string, string | undefined>, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TESSERA_BIN, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

describe('tessera events, token rotate, token scan', () => {
  let server: RunningTessera;
  let api: ApiCaller;
  let admin: Record<string, string>;
  let org: string;
  let user: string;
  before(async () => {
    server = await startTessera();
    api = apiCaller(server.url, server.adminToken);
    admin = { TESSERA_URL: server.url, TESSERA_TOKEN: server.adminToken };
    org = await createOrganization(api, 'cli-lifecycle');
    user = await createUser(api, org, 'bot');
  });
  after(() => server.stop());

  test('token rotate: prints the successor with its full_token; the old one shows rotated_to; again is a 409', async () => {
    const old = await createToken(api, org, user, { description: 'to rotate', scopes: ['user:read'] });
    const rotated = await tessera(['token', 'rotate', org, user, old.token_prefix, '--grace', '1h'], admin);
    assert.equal(rotated.code, 0, rotated.stderr);
    const fresh = JSON.parse(rotated.stdout);
    assert.match(fresh.full_token, /^tsr_/);
    assert.deepEqual([fresh.description, fresh.scopes], ['to rotate', ['user:read']]);
    const listed = (await api('GET', tokensPath(org, user))).body.tokens.find((t: any) => t.token_prefix === old.token_prefix);
    assert.equal(listed.rotated_to, fresh.token_prefix);
    const graceEnd = Date.parse(listed.expiry_time) - Date.now();
    assert.ok(graceEnd > 3_590_000 && graceEnd <= 3_600_000, `grace ends in ${graceEnd} ms`);
    assert.equal((await api('GET', '/v1/me', { token: old.full_token })).status, 200, 'the old token works during the grace period');

    const again = await tessera(['token', 'rotate', org, user, old.token_prefix], admin);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^tessera: token 'tsr_\w+' was already rotated \(to 'tsr_\w+'\); rotate its successor instead \(409 token_already_rotated\)\n$/);
  });

  test('token rotate: a grace period out of range is the server\'s 400; a malformed one is refused before any request', async () => {
    const old = await createToken(api, org, user, { description: 'strict' });
    const tooLong = await tessera(['token', 'rotate', org, user, old.token_prefix, '--grace', '25h'], admin);
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /grace_seconds must be <= 86400, got 90000 \(400 invalid_request\)/);
    const fractional = await tessera(['token', 'rotate', org, user, old.token_prefix, '--grace', '1.5s'], admin);
    assert.equal(fractional.code, 1);
    assert.match(fractional.stderr, /--grace must be a whole number of seconds/);
    const garbage = await tessera(['token', 'rotate', org, user, old.token_prefix, '--grace', 'soon'], admin);
    assert.equal(garbage.code, 1);
    assert.match(garbage.stderr, /invalid duration "soon"/);
    const zero = await tessera(['token', 'rotate', org, user, old.token_prefix, '--grace', '0'], admin);
    assert.equal(zero.code, 0, zero.stderr);
    assert.equal((await api('GET', '/v1/me', { token: old.full_token })).status, 401);
  });

  test('events: JSON lines, oldest first, filtered; --follow prints new events as they happen', async () => {
    // "used from a new IP/client" events of the requests above are written with the coalesced last-use
    // flush (about once a second): let it pass, so the listing below is the whole trail so far
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const listed = await tessera(['events', org], admin);
    assert.equal(listed.code, 0, listed.stderr);
    const events = listed.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(events[0].action, 'organization.created');
    assert.equal(events[1].action, 'application_user.created');
    assert.ok(events.some((e) => e.action === 'token.rotated'));
    const ids = events.map((e) => e.event_id);
    assert.deepEqual([...ids].sort(), ids);
    const rotations = await tessera(['events', org, '--action', 'token.rotated'], admin);
    assert.ok(rotations.stdout.trim().split('\n').every((line) => JSON.parse(line).action === 'token.rotated'));
    const after = await tessera(['events', org, '--after', ids[ids.length - 2]], admin);
    assert.deepEqual(after.stdout.trim().split('\n').map((line) => JSON.parse(line).event_id), [ids[ids.length - 1]]);

    const follow = spawn(TESSERA_BIN, ['events', org, '--follow', '--after', ids[ids.length - 1]], {
      cwd: REPO_ROOT, env: { ...process.env, ...admin }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      follow.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // it has polled at least once, found nothing
      assert.equal(out, '');
      const newcomer = await createUser(api, org, 'newcomer');
      const deadline = Date.now() + 5000;
      while (!out.includes(newcomer) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const lines = out.trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(lines.map((e) => [e.action, e.target]), [['application_user.created', newcomer]]);
    } finally {
      follow.kill('SIGTERM');
    }
  });

  test('events: another organization is a 404, a plain user a 403, a token without accounts:read a 403', async () => {
    const other = await createOrganization(api, 'not-yours');
    const boss = await createToken(api, org, await createUser(api, org, 'boss', true));
    const plain = await createToken(api, org, await createUser(api, org, 'plain'));
    const narrow = await createToken(api, org, await createUser(api, org, 'boss2', true), { description: 'x', scopes: ['user:read'] });
    const as = (token: string) => ({ TESSERA_URL: server.url, TESSERA_TOKEN: token });
    const foreign = await tessera(['events', other], as(boss.full_token));
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /organization '\w+' not found \(404 organization_not_found\)/);
    const denied = await tessera(['events', org], as(plain.full_token));
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /is not a super admin of organization '\w+' \(403 permission_denied\)/);
    const scoped = await tessera(['events', org], as(narrow.full_token));
    assert.equal(scoped.code, 1);
    assert.match(scoped.stderr, /scopes do not include accounts:read \(403 token_scope_insufficient\)/);
    assert.equal((await tessera(['events', org], as(boss.full_token))).code, 0);
  });

  test("events --instance: the instance's trail, a deleted organization's events; without either, a usage error", async () => {
    const doomed = await createOrganization(api, 'cli-doomed');
    assert.equal((await api('DELETE', `/v1/organization/${doomed}`)).status, 204);
    assert.equal((await tessera(['events', doomed], admin)).code, 1, 'its own path is a 404 once deleted');
    const kept = await tessera(['events', doomed, '--instance'], admin);
    assert.equal(kept.code, 0, kept.stderr);
    const lines = kept.stdout.trim().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((e) => [e.action, e.organization_id]), [['organization.created', doomed], ['organization.deleted', doomed]]);
    const everything = await tessera(['events', '--instance', '--action', 'organization.created'], admin);
    assert.equal(everything.code, 0, everything.stderr);
    const created = everything.stdout.trim().split('\n').map((line) => JSON.parse(line).target);
    assert.ok(created.includes(org) && created.includes(doomed), created.join(' '));
    const boss = await createToken(api, org, await createUser(api, org, 'instance-reader', true));
    const refused = await tessera(['events', '--instance'], { TESSERA_URL: server.url, TESSERA_TOKEN: boss.full_token });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /only the instance admin may read the instance's audit events \(403 permission_denied\)/);
    const usage = await tessera(['events'], admin);
    assert.equal(usage.code, 1);
    assert.match(usage.stderr, /missing required argument 'organization_id' \(or --instance/);
  });

  describe('token scan', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'tessera-scan-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('reports file:line:column: token_prefix, never the token; exit 1; skips .git and symlinks below the paths', async () => {
      const [a, b, c, hidden] = [generateToken(), generateToken(), generateToken(), generateToken()];
      mkdirSync(join(dir, 'tree/src/nested'), { recursive: true });
      mkdirSync(join(dir, 'tree/.git/objects'), { recursive: true });
      writeFileSync(join(dir, 'tree/src/config.env'), `# config\nNAME=x\nTOKEN=${a}\n`);
      writeFileSync(join(dir, 'tree/src/nested/deploy.json'), `{\n  "a": "tsr_not-a-token",\n  "b": "${b}", "c": "${c}"\n}`);
      // one character off (never the same one: a token that ends in x once made the near-miss the token)
      const offByOne = `${b.slice(0, -1)}${b.endsWith('x') ? 'y' : 'x'}`;
      writeFileSync(join(dir, 'tree/src/nested/near-miss.txt'), `${offByOne}\n${b.replace('tsr_', 'TSR_')}\n`);
      writeFileSync(join(dir, 'tree/.git/objects/pack'), hidden);
      writeFileSync(join(dir, 'outside.txt'), hidden);
      symlinkSync(join(dir, 'outside.txt'), join(dir, 'tree/src/link.txt'));
      const result = await tessera(['token', 'scan', join(dir, 'tree')], {});
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stdout,
        [
          `${join(dir, 'tree/src/config.env')}:3:7: ${a.slice(0, 14)}`,
          `${join(dir, 'tree/src/nested/deploy.json')}:3:9: ${b.slice(0, 14)}`,
          `${join(dir, 'tree/src/nested/deploy.json')}:3:71: ${c.slice(0, 14)}`,
          '',
        ].join('\n'),
      );
      assert.match(result.stderr, /found 3 Tessera tokens in 2 files/);
      for (const token of [a, b, c, hidden]) assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token), 'a whole token was printed');
      // a path given explicitly is scanned even through a symlink
      const explicit = await tessera(['token', 'scan', join(dir, 'tree/src/link.txt')], {});
      assert.equal(explicit.code, 1);
      assert.equal(explicit.stdout, `${join(dir, 'tree/src/link.txt')}:1:1: ${hidden.slice(0, 14)}\n`);
    });

    test('clean input exits 0 and prints nothing; - reads standard input; a missing path exits 2', async () => {
      writeFileSync(join(dir, 'clean.txt'), 'nothing to see\ntsr_ here\n');
      const clean = await tessera(['token', 'scan', join(dir, 'clean.txt')], {});
      assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '', '']);
      const token = generateToken();
      const stdin = await tessera(['token', 'scan', '-'], {}, `diff --git a/x b/x\n+  key: ${token}\n`);
      assert.equal(stdin.code, 1);
      assert.equal(stdin.stdout, `-:2:9: ${token.slice(0, 14)}\n`);
      const missing = await tessera(['token', 'scan', join(dir, 'no-such-file')], {});
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no-such-file: no such file or directory/);
    });

    test('--revoke revokes every token found through /v1/token/revoke, without credentials', async () => {
      const leaked = await createToken(api, org, user, { description: 'leaked' });
      const unknown = generateToken();
      writeFileSync(join(dir, 'leak.md'), `oops: ${leaked.full_token}\nagain: ${leaked.full_token}\nand ${unknown}\n`);
      assert.equal((await api('GET', '/v1/me', { token: leaked.full_token })).status, 200);
      const result = await tessera(['token', 'scan', '--revoke', '--url', server.url, join(dir, 'leak.md')], { TESSERA_TOKEN: '' });
      assert.equal(result.code, 1);
      assert.equal(result.stdout.trim().split('\n').length, 3);
      assert.match(result.stderr, new RegExp(`revoked ${leaked.token_prefix} at `));
      assert.ok(!result.stderr.includes(leaked.full_token));
      assert.equal((await api('GET', '/v1/me', { token: leaked.full_token })).status, 401);
      const events = (await api('GET', `/v1/organization/${org}/events?action=token.revoked_by_holder&target=${leaked.token_prefix}`)).body.events;
      assert.equal(events.length, 1, 'revoked once although found twice');
      assert.match(events[0].user_agent, /tessera-cli\/0\.1\.0 \(token scan\)/);
    });
  });
});

test('serve refuses a bad TESSERA_AUDIT_RETENTION_DAYS with a message that names it', async () => {
  await assert.rejects(
    run(TESSERA_BIN, ['serve', '--port', '0', '--database', join(tmpdir(), 'never-created', 'x.db')], {
      cwd: REPO_ROOT, env: { ...process.env, TESSERA_AUDIT_RETENTION_DAYS: 'forever' },
    }),
    (error: Error & { code?: number; stderr?: string }) => {
      assert.equal(error.code, 1);
      assert.match(error.stderr ?? '', /TESSERA_AUDIT_RETENTION_DAYS must be an integer from 0 to 36500, got "forever"/);
      return true;
    },
  );
});
