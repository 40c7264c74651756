// The avn CLI (PyPI aiven-client, pinned in scripts/real-clients.sh), unmodified, against a started
// Tessera: every command Tessera serves, in table output and with --json, printing the values Tessera
// holds (checked against Tessera's own API).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { realClient } from './support/real-clients.js';
import { parseAvnJson, parseAvnTable } from './support/avn-output.js';

let tessera: RunningTessera;
let avnPath: string;
let configDir: string;

before(async () => {
  avnPath = realClient('avn');
  tessera = await startTessera();
  configDir = mkdtempSync(join(tmpdir(), 'tessera-avn-'));
});
after(async () => {
  await tessera?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

/** Runs avn with AIVEN_WEB_URL and AIVEN_AUTH_TOKEN (admin by default); fails unless it exits 0. */
async function avn(args: string[], token = tessera.adminToken): Promise<string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AIVEN_')) env[k] = v;
  Object.assign(env, {
    AIVEN_WEB_URL: tessera.url,
    AIVEN_AUTH_TOKEN: token,
    AIVEN_CONFIG_DIR: configDir, // no credentials file or config of the developer's
    AIVEN_CREDENTIALS_FILE: join(configDir, 'none.json'),
  });
  const child = spawn(avnPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  assert.equal(code, 0, `avn ${args.join(' ')} exited ${code}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
  return stdout;
}

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(tessera.url + path, {
    method,
    headers: { authorization: `aivenv1 ${tessera.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

/** avn prints the *_time fields without fractions of a second. */
const avnTime = (iso: string | null) => (iso === null ? 'null' : iso.replace(/\.\d+Z$/, 'Z'));

describe('avn account and organization commands', () => {
  test('account create, account list, organization list, account delete: table and --json', async () => {
    const created = parseAvnJson(await avn(['account', 'create', '-n', 'avn-json-account', '--json']));
    assert.equal(created.account_name, 'avn-json-account');
    assert.match(created.account_id, /^a[0-9a-f]+$/);
    assert.match(created.organization_id, /^org[0-9a-f]+$/);
    const [tableCreated] = parseAvnTable(await avn(['account', 'create', '-n', 'avn-table-account']));
    assert.equal(tableCreated.ACCOUNT_NAME, 'avn-table-account');
    const held = (await api('GET', '/v1/account')).accounts as any[];
    assert.ok(held.some((a) => a.account_id === tableCreated.ACCOUNT_ID), 'the table printed the id Tessera holds');

    const listedJson = parseAvnJson(await avn(['account', 'list', '--json'])) as any[];
    assert.deepEqual(listedJson.map((a) => a.account_id).sort(), held.map((a) => a.account_id).sort());
    const listedTable = parseAvnTable(await avn(['account', 'list']));
    const row = listedTable.find((r) => r.ACCOUNT_ID === created.account_id)!;
    assert.equal(row.ACCOUNT_NAME, 'avn-json-account');
    assert.equal(row.ORGANIZATION_ID, created.organization_id);
    assert.equal(row.CREATE_TIME, avnTime(created.create_time));

    const orgs = (await api('GET', '/v1/organizations')).organizations as any[];
    const orgsJson = parseAvnJson(await avn(['organization', 'list', '--json'])) as any[];
    assert.deepEqual(orgsJson, orgs);
    const orgsTable = parseAvnTable(await avn(['organization', 'list']));
    const org = orgs.find((o) => o.account_id === created.account_id);
    assert.deepEqual(orgsTable.find((r) => r.ORGANIZATION_ID === org.organization_id), {
      ORGANIZATION_NAME: 'avn-json-account', ORGANIZATION_ID: org.organization_id, ACCOUNT_ID: created.account_id,
      CREATE_TIME: avnTime(org.create_time), UPDATE_TIME: avnTime(org.update_time), TIER: 'business',
    });

    assert.equal((await avn(['account', 'delete', created.account_id])).trim(), 'Deleted');
    assert.equal((await avn(['account', 'delete', tableCreated.ACCOUNT_ID])).trim(), 'Deleted');
    const left = ((await api('GET', '/v1/account')).accounts as any[]).map((a) => a.account_id);
    assert.ok(!left.includes(created.account_id) && !left.includes(tableCreated.ACCOUNT_ID), 'both accounts are gone');
  });
});

describe('avn application-user commands', () => {
  let org: string;
  before(async () => {
    org = (await api('POST', '/v1/organizations', { organization_name: 'avn-users' })).organization_id;
  });

  test('application-user create, list, info, update, delete: table and --json', async () => {
    const created = parseAvnJson(await avn(['application-user', 'create', '--organization-id', org, '--name', 'svc-json', '--json']));
    assert.equal(created.name, 'svc-json');
    assert.equal(created.is_super_admin, false);
    assert.deepEqual(created, await api('GET', `/v1/organization/${org}/application-users/${created.user_id}`));
    const [tableCreated] = parseAvnTable(await avn(['application-user', 'create', '--organization-id', org, '--name', 'svc-table']));
    const held = await api('GET', `/v1/organization/${org}/application-users/${tableCreated.USER_ID}`);
    assert.deepEqual(tableCreated, { NAME: 'svc-table', USER_EMAIL: held.user_email, USER_ID: held.user_id, IS_SUPER_ADMIN: 'false' });

    const listed = parseAvnJson(await avn(['application-user', 'list', '--organization-id', org, '--json'])) as any[];
    assert.deepEqual(listed, (await api('GET', `/v1/organization/${org}/application-users`)).application_users);
    const listedTable = parseAvnTable(await avn(['application-user', 'list', '--organization-id', org]));
    assert.deepEqual(listedTable.map((r) => r.NAME).sort(), ['svc-json', 'svc-table']);

    const info = parseAvnJson(await avn(['application-user', 'info', '--organization-id', org, created.user_id, '--json']));
    assert.deepEqual(info, created);
    const [infoTable] = parseAvnTable(await avn(['application-user', 'info', '--organization-id', org, created.user_id]));
    assert.deepEqual(infoTable, { NAME: 'svc-json', USER_EMAIL: created.user_email, USER_ID: created.user_id, IS_SUPER_ADMIN: 'false' });

    const updated = parseAvnJson(await avn(['application-user', 'update', '--organization-id', org, created.user_id, '--name', 'svc-renamed', '--json']));
    assert.equal(updated.name, 'svc-renamed');
    const [updatedTable] = parseAvnTable(await avn(['application-user', 'update', '--organization-id', org, tableCreated.USER_ID, '--name', 'svc-table-2']));
    assert.equal(updatedTable.NAME, 'svc-table-2');
    assert.equal((await api('GET', `/v1/organization/${org}/application-users/${created.user_id}`)).name, 'svc-renamed');
    assert.equal((await api('GET', `/v1/organization/${org}/application-users/${tableCreated.USER_ID}`)).name, 'svc-table-2');

    for (const userId of [created.user_id, tableCreated.USER_ID]) {
      const out = await avn(['application-user', 'delete', '-f', '--organization-id', org, userId]);
      assert.match(out, new RegExp(`Application user ${userId} deleted successfully`));
    }
    assert.deepEqual((await api('GET', `/v1/organization/${org}/application-users`)).application_users, []);
  });

  test('application-user token create (every option), list, info, revoke: table and --json', async () => {
    const user = (await api('POST', `/v1/organization/${org}/application-users`, { name: 'token-holder' })).user_id;
    const full = parseAvnJson(
      await avn([
        'application-user', 'token', 'create', '--organization-id', org, user, '--description', 'every option',
        '--max-age-seconds', '7200', '--extend-when-used', '--scopes', 'accounts:read', '--scopes', 'user:read',
        '--ip-allowlist', '127.0.0.1/32', '--ip-allowlist', '::1/128', '--json',
      ]),
    );
    assert.match(full.full_token, /^tsr_/);
    assert.equal(full.full_token.slice(0, full.token_prefix.length), full.token_prefix);
    assert.equal(full.max_age_seconds, 7200);
    assert.equal(full.extend_when_used, true);
    assert.deepEqual(full.scopes, ['accounts:read', 'user:read']);
    assert.deepEqual(full.ip_allowlist, ['127.0.0.1/32', '::1/128']);
    assert.equal(Date.parse(full.expiry_time) - Date.parse(full.create_time), 7200_000);

    const [plainRow] = parseAvnTable(await avn(['application-user', 'token', 'create', '--organization-id', org, user, '--description', 'no options']));
    assert.match(plainRow.FULL_TOKEN, /^tsr_/);
    assert.equal(plainRow.FULL_TOKEN.slice(0, plainRow.TOKEN_PREFIX.length), plainRow.TOKEN_PREFIX);

    // the tokens work as Tessera tokens: each authenticates as its user
    const me = parseAvnJson(await avn(['user', 'info', '--json'], full.full_token)) as any[];
    assert.equal(me[0].user_id, user);

    const held = (await api('GET', `/v1/organization/${org}/application-users/${user}/access-tokens`)).tokens as any[];
    const heldFull = held.find((t) => t.token_prefix === full.token_prefix);
    const heldPlain = held.find((t) => t.token_prefix === plainRow.TOKEN_PREFIX);
    assert.equal(heldPlain.max_age_seconds, null, 'unset max_age_seconds stays null');
    assert.equal(Date.parse(heldPlain.expiry_time) - Date.parse(heldPlain.create_time), 36000_000, 'expiry follows the 10 h default');

    const listed = parseAvnJson(await avn(['application-user', 'token', 'list', '--organization-id', org, user, '--json'])) as any[];
    assert.deepEqual(listed, held);
    const verbose = parseAvnTable(await avn(['application-user', 'token', 'list', '--organization-id', org, user, '--verbose']));
    const fullRow = verbose.find((r) => r.TOKEN_PREFIX === full.token_prefix)!;
    assert.deepEqual(fullRow, {
      TOKEN_PREFIX: full.token_prefix, DESCRIPTION: 'every option', LAST_USED_TIME: avnTime(heldFull.last_used_time),
      EXPIRY_TIME: avnTime(heldFull.expiry_time), CURRENTLY_ACTIVE: 'false', CREATE_TIME: avnTime(heldFull.create_time),
      CREATED_MANUALLY: 'true', EXTEND_WHEN_USED: 'true', IP_ALLOWLIST: '127.0.0.1/32, ::1/128', LAST_IP: heldFull.last_ip,
      LAST_USER_AGENT_HUMAN_READABLE: heldFull.last_user_agent_human_readable, MAX_AGE_SECONDS: '7200', SCOPES: 'accounts:read, user:read',
    });
    assert.match(fullRow.LAST_USER_AGENT_HUMAN_READABLE, /aiven-client|python|avn/i, 'the use through avn was recorded');
    const plainListed = verbose.find((r) => r.TOKEN_PREFIX === plainRow.TOKEN_PREFIX)!;
    assert.equal(plainListed.MAX_AGE_SECONDS, 'null');
    assert.equal(plainListed.EXPIRY_TIME, avnTime(heldPlain.expiry_time));
    const short = parseAvnTable(await avn(['application-user', 'token', 'list', '--organization-id', org, user]));
    assert.deepEqual(Object.keys(short[0]), ['TOKEN_PREFIX', 'DESCRIPTION', 'LAST_USED_TIME', 'EXPIRY_TIME', 'CURRENTLY_ACTIVE']);
    assert.deepEqual(short.map((r) => r.TOKEN_PREFIX).sort(), held.map((t) => t.token_prefix).sort());

    const info = parseAvnJson(await avn(['application-user', 'token', 'info', '--organization-id', org, user, full.token_prefix, '--json']));
    assert.deepEqual(info, heldFull);
    const [infoRow] = parseAvnTable(await avn(['application-user', 'token', 'info', '--organization-id', org, user, plainRow.TOKEN_PREFIX, '--verbose']));
    assert.equal(infoRow.DESCRIPTION, 'no options');
    assert.equal(infoRow.MAX_AGE_SECONDS, 'null');

    for (const prefix of [full.token_prefix, plainRow.TOKEN_PREFIX]) {
      const out = await avn(['application-user', 'token', 'revoke', '-f', '--organization-id', org, user, prefix]);
      assert.match(out, new RegExp(`Token ${prefix} \\(application user id: ${user}\\) revoked successfully`));
    }
    assert.deepEqual((await api('GET', `/v1/organization/${org}/application-users/${user}/access-tokens`)).tokens, []);
    const revoked = await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${full.full_token}` } });
    assert.equal(revoked.status, 401, 'a revoked token no longer authenticates');
  });
});

describe('avn user info', () => {
  test("prints the caller's UserInfo: table and --json, for an application user and the instance admin", async () => {
    const org = (await api('POST', '/v1/organizations', { organization_name: 'avn-me' })).organization_id;
    const user = await api('POST', `/v1/organization/${org}/application-users`, { name: 'Ada' });
    const token = (await api('POST', `/v1/organization/${org}/application-users/${user.user_id}/access-tokens`, { description: 'me' })).full_token;

    const [json] = parseAvnJson(await avn(['user', 'info', '--json'], token)) as any[];
    assert.equal(json.user, user.user_email);
    assert.equal(json.user_id, user.user_id);
    assert.equal(json.real_name, 'Ada');
    assert.equal(json.state, 'active');
    assert.equal(json.token_validity_begin, user.create_time);
    assert.deepEqual(json.projects, []);
    assert.deepEqual(json.auth, []);
    const [row] = parseAvnTable(await avn(['user', 'info'], token));
    assert.deepEqual(row, { USER: user.user_email, REAL_NAME: 'Ada', STATE: 'active', TOKEN_VALIDITY_BEGIN: user.create_time, PROJECTS: '', AUTH: '' });

    const [admin] = parseAvnTable(await avn(['user', 'info']));
    assert.equal(admin.STATE, 'active');
    assert.equal(admin.REAL_NAME, 'Tessera instance admin');
  });
});
