// The web console in a real Chromium (Debian's, driven by playwright-core) against a started Tessera:
// an instance admin signs in with the keyboard, creates an organization, a user and a token, reads
// the token back (page and clipboard), uses it with curl and sees its last use appear, revokes it and
// sees the API refuse it, deletes the user, and signs out. axe-core checks each main page; screenshots
// of each are written to test-output/console/. No request may leave the server's origin and no
// Content-Security-Policy violation may occur.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { apiAs } from './tessera-api.js';
import { assertAccessible, eventually, launchChromium, screenshot } from './browser.js';
import { watchPage, type PageWatch } from './page-watch.js';

/** GETs /v1/me with a token: with curl where it is installed, else with node:http. Returns the status. */
async function callWithToken(baseUrl: string, token: string): Promise<number> {
  try {
    const out = execFileSync('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-H', `Authorization: aivenv1 ${token}`, `${baseUrl}/v1/me`], { encoding: 'utf8' });
    return Number(out.trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}/v1/me`, { headers: { authorization: `aivenv1 ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web console in Chromium: the instance admin’s whole flow', () => {
  let tessera: RunningTessera;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let watch: PageWatch;
  let fullToken = '';
  let tokenPrefix = '';
  let organizationId = '';
  let userId = '';
  let admin: ReturnType<typeof apiAs>;

  before(async () => {
    tessera = await startTessera({ env: { TESSERA_LAST_USE_FLUSH_MS: '200' } });
    admin = apiAs(tessera);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: tessera.url });
    page = await context.newPage();
    watch = watchPage(page, tessera.url);
  });

  after(async () => {
    await browser?.close();
    await tessera?.stop();
  });

  it('redirects / to the sign-in page, which refuses a bad token with a clear message', async () => {
    const response = await page.goto(`${tessera.url}/`);
    assert.equal(new URL(page.url()).pathname, '/console/');
    assert.match(response!.headers()['content-security-policy'], /script-src 'self'/);
    await page.getByRole('heading', { name: 'Tessera console' }).waitFor();
    await assertAccessible(page, 'the sign-in page');
    await screenshot(page, 'sign-in-light');

    await page.getByLabel('API token').fill('tsr_not_a_real_token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /not accepted: it is mistyped, expired or revoked/);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a refused token is not kept');
  });

  it('signs in with the keyboard only; the token is kept in sessionStorage, nowhere else', async () => {
    await page.getByLabel('API token').fill('');
    await page.getByLabel('API token').focus();
    await page.keyboard.type(tessera.adminToken);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    const stored = await page.evaluate(() => ({
      session: Object.keys(sessionStorage).map((key) => sessionStorage.getItem(key)),
      local: localStorage.length,
      cookie: document.cookie,
    }));
    assert.deepEqual(stored, { session: [tessera.adminToken], local: 0, cookie: '' });
    assert.ok(!page.url().includes(tessera.adminToken), 'the token is never in the URL');
    assert.match(await page.locator('header').innerText(), /Instance admin/);

    // Keyboard: from the page heading (focused on arrival), Shift+Tab walks back through the header to
    // the skip link; every focused control shows a visible outline, and the skip link moves to the content.
    const focused: string[] = [];
    for (let i = 0; i < 8 && focused.at(-1) !== 'Skip to content'; i++) {
      await page.keyboard.press('Shift+Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, text: el.textContent?.trim() ?? '', outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.ok(focus.outline !== 'none' && focus.width >= 2, `focus is visible on ${focus.tag} "${focus.text}": ${JSON.stringify(focus)}`);
      focused.push(focus.text);
    }
    assert.deepEqual(focused, ['Sign out', 'You', 'Organizations', 'Tessera', 'Skip to content']);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  });

  it('creates an organization and an application user, renames it and toggles super admin', async () => {
    await page.getByLabel('Name').fill('acme');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('link', { name: 'acme' }).waitFor();
    await assertAccessible(page, 'the organizations page');
    await screenshot(page, 'organizations-light');
    const orgs = await admin('GET', '/v1/organizations');
    organizationId = orgs.body.organizations.find((o: { organization_name: string }) => o.organization_name === 'acme').organization_id;

    await page.getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { name: 'acme: application users' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('ci-bot');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('link', { name: 'ci-bot' }).waitFor();
    const users = await admin('GET', `/v1/organization/${organizationId}/application-users`);
    assert.equal(users.body.application_users.length, 1);
    userId = users.body.application_users[0].user_id;

    await page.getByRole('button', { name: 'Rename ci-bot' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename ci-bot' });
    await rename.getByLabel('New name').fill('deploy-bot');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await page.getByRole('link', { name: 'deploy-bot' }).waitFor();

    await page.getByRole('button', { name: 'Make super admin: deploy-bot' }).click();
    await page.getByRole('button', { name: 'Remove super admin from deploy-bot' }).waitFor();
    assert.equal((await admin('GET', `/v1/organization/${organizationId}/application-users/${userId}`)).body.is_super_admin, true);
    await page.getByRole('button', { name: 'Remove super admin from deploy-bot' }).click();
    await page.getByRole('button', { name: 'Make super admin: deploy-bot' }).waitFor();
    const user = (await admin('GET', `/v1/organization/${organizationId}/application-users/${userId}`)).body;
    assert.deepEqual([user.name, user.is_super_admin], ['deploy-bot', false]);
    await assertAccessible(page, 'the application users page');
    await screenshot(page, 'users-light');
  });

  it('creates a token with every option, checks CIDRs as they are typed, and shows the full token once', async () => {
    await page.getByRole('link', { name: 'deploy-bot' }).click();
    await page.getByRole('heading', { name: 'Tokens of deploy-bot' }).waitFor();
    await page.getByRole('button', { name: 'Create token' }).click();
    const form = page.getByRole('form', { name: 'New token' });
    await form.getByLabel('Description').fill('deploys');
    await form.getByLabel('Expires after').selectOption({ label: '1 day' });
    await form.getByLabel('Extend when used').check();
    await form.getByLabel('Only the scopes chosen below').check();
    await form.getByLabel('accounts:read').check();
    await form.getByLabel('user:read').check();
    await form.getByLabel('Custom scopes').fill('x-deploy Not_Valid');
    await form.getByText('Not valid: Not_Valid').waitFor();
    await form.getByLabel('Custom scopes').fill('x-deploy');
    const allowlist = form.getByLabel('IP allowlist');
    await allowlist.fill('10.0.0.300/8');
    await form.getByText("'10.0.0.300' is not an IPv4 or IPv6 address").waitFor();
    assert.equal(await allowlist.getAttribute('aria-invalid'), 'true');
    await allowlist.fill('127.0.0.1/33');
    await form.getByText('the prefix length must be 0 to 32').waitFor();
    await allowlist.fill('127.0.0.1/32\n::1/128');
    assert.equal(await allowlist.getAttribute('aria-invalid'), null);
    await assertAccessible(page, 'the create-token form');
    await screenshot(page, 'create-token-light');

    await form.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel(/^Full token/);
    await secret.waitFor();
    fullToken = await secret.inputValue();
    assert.match(fullToken, /^tsr_[0-9A-Za-z]{49}$/);
    assert.match(await page.locator('.secret').innerText(), /it will not be shown again/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fullToken);
    await assertAccessible(page, 'the token-created panel');
    await screenshot(page, 'token-created-light');

    const listed = (await admin('GET', `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`)).body.tokens;
    assert.equal(listed.length, 1);
    tokenPrefix = listed[0].token_prefix;
    assert.ok(fullToken.startsWith(tokenPrefix));
    assert.deepEqual(
      [listed[0].description, listed[0].max_age_seconds, listed[0].extend_when_used, listed[0].scopes, listed[0].ip_allowlist],
      ['deploys', 86400, true, ['accounts:read', 'user:read', 'x-deploy'], ['127.0.0.1/32', '::1/128']],
    );

    await page.getByRole('button', { name: 'Done, I have stored it' }).click();
    assert.equal(await page.getByLabel(/^Full token/).count(), 0, 'the full token is gone from the page');
    assert.ok(!(await page.content()).includes(fullToken));
  });

  it('shows every column, and the last use of the token appears live after it is used with curl', async () => {
    const row = page.getByRole('row', { name: /deploys/ });
    assert.match(await row.locator('[data-label="Last used"]').innerText(), /never/);
    assert.match(await row.locator('[data-label="Prefix"]').innerText(), new RegExp(tokenPrefix));
    const adminPrefix = tessera.adminToken.slice(0, 14);
    assert.match(await row.locator('[data-label="Created"]').innerText(), new RegExp(`by admin with ${adminPrefix}`), 'who created it, with which token');
    assert.match(await row.locator('[data-label="Expires"]').innerText(), /tomorrow|in 2\d hours|in 1 day/);
    assert.match(await row.locator('[data-label="Expires"]').innerText(), /extended on use \(1 day\)/);
    assert.match(await row.locator('[data-label="Scopes"]').innerText(), /accounts:read\s+user:read\s+x-deploy/);
    assert.match(await row.locator('[data-label="IP allowlist"]').innerText(), /127\.0\.0\.1\/32\s+::1\/128/);

    assert.equal(await callWithToken(tessera.url, fullToken), 200);
    const used = await eventually(async () => {
      const tokens = (await admin('GET', `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`)).body.tokens;
      return tokens[0].last_used_time ? tokens[0] : undefined;
    }, 'the API to report the use');
    assert.ok(used.last_user_agent_human_readable, 'the server names the client');
    await eventually(async () => /127\.0\.0\.1/.test(await row.locator('[data-label="Last IP"]').innerText()), 'the page to show the last IP');
    assert.match(await row.locator('[data-label="Last used"]').innerText(), /just now|seconds? ago/);
    assert.equal((await row.locator('[data-label="Client"]').innerText()).trim(), used.last_user_agent_human_readable);

    // a token that never expires stands out; the filters and sorting find the right ones
    const forever = await admin('POST', `/v1/organization/${organizationId}/application-users/${userId}/access-tokens`, { description: 'forever', max_age_seconds: 0 });
    assert.equal(forever.status, 200);
    const foreverRow = page.getByRole('row', { name: /forever/ });
    await foreverRow.waitFor({ timeout: 15_000 });
    assert.equal((await foreverRow.locator('.badge.never').innerText()).trim(), 'Never expires');
    await page.getByLabel('Show').selectOption({ label: 'Never used' });
    await eventually(async () => (await page.getByRole('row', { name: /deploys/ }).count()) === 0, 'the never-used filter');
    assert.equal(await page.getByRole('row', { name: /forever/ }).count(), 1);
    await page.getByLabel('Show').selectOption({ label: 'Expires within 7 days' });
    await eventually(async () => (await page.getByRole('row', { name: /forever/ }).count()) === 0, 'the expires-soon filter');
    assert.equal(await page.getByRole('row', { name: /deploys/ }).count(), 1);
    await page.getByLabel('Show').selectOption({ label: 'All tokens' });
    await page.getByLabel('Sort by').selectOption({ label: 'Expires' });
    await page.getByLabel('Order').selectOption({ label: 'Earliest first' });
    const descriptions = async () => (await page.locator('tbody th[data-label="Description"]').allInnerTexts()).map((t) => t.split('\n')[0].trim());
    // the table re-renders after the last choice: wait for the order rather than sample it
    await eventually(async () => (await descriptions()).join() === 'deploys,forever', 'deploys before forever, by expiry');
    await assertAccessible(page, 'the tokens page');
    await screenshot(page, 'tokens-light');
  });

  it('revokes the token after a confirmation, and the API refuses it from then on', async () => {
    await page.getByRole('button', { name: 'Revoke token deploys' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke token deploys?' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(`${tokenPrefix}[\\s\\S]*stops working at once`));
    await assertAccessible(page, 'the revoke confirmation');
    await screenshot(page, 'revoke-dialog-light');
    // Escape cancels: nothing is revoked
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await callWithToken(tessera.url, fullToken), 200);

    await page.getByRole('button', { name: 'Revoke token deploys' }).click();
    await page.getByRole('dialog', { name: 'Revoke token deploys?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(`Token deploys (${tokenPrefix}) revoked.`).waitFor();
    assert.equal(await page.getByRole('row', { name: /deploys/ }).count(), 0);
    // the dialog closes right after the list re-renders: wait for the focus to land, do not sample it
    await eventually(async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'H1', 'focus on the heading, not lost with the row');
    assert.equal(await callWithToken(tessera.url, fullToken), 401);
  });

  it('deletes the user after a confirmation that names the tokens going with it', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { name: 'acme: application users' }).waitFor();
    await page.getByRole('button', { name: 'Delete deploy-bot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete application user deploy-bot?' });
    await dialog.getByText(/forever/).waitFor();
    assert.match(await dialog.innerText(), /token is revoked with it/);
    await assertAccessible(page, 'the delete-user confirmation');
    await screenshot(page, 'delete-user-dialog-light');
    await dialog.getByRole('button', { name: 'Delete deploy-bot and its tokens' }).click();
    await page.getByText('This organization has no application users yet.').waitFor();
    // the row (and its Delete button) is gone: the focus goes to the page heading, not lost (the
    // dialog closes right after the list re-renders, so wait for it rather than sample it)
    await eventually(async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'H1', 'focus on the heading, not lost with the row');
    assert.equal((await admin('GET', `/v1/organization/${organizationId}/application-users/${userId}`)).status, 404);
  });

  it('signs out: the token is gone from the browser and the sign-in page says so', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Tessera console' }).waitFor();
    assert.match(await page.getByRole('status').first().innerText(), /signed out/);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.equal(new URL(page.url()).hash, '', 'the next sign-in starts at home, not on the page left behind');
    await page.reload();
    await page.getByLabel('API token').waitFor();
  });

  it('loaded nothing from anywhere but the server, and broke no CSP rule', () => {
    assert.deepEqual(watch.foreignRequests, [], 'requests outside the server');
    assert.deepEqual(watch.cspViolations, [], 'Content-Security-Policy violations');
    assert.deepEqual(watch.pageErrors, [], 'uncaught page errors');
    assert.ok(watch.requestCount > 10);
  });
});
