// The console offers what the signed-in token may do, and nothing else: a super admin sees its own
// organization only (and the mark on the token it is signed in with); a read-only token is offered no
// changes; a plain application user sees itself. A token revoked while the page is open sends the
// page back to sign-in with a clear message.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { apiAs, organizationWithUser } from './tessera-api.js';
import { assertAccessible, launchChromium, screenshot, signInToConsole } from './browser.js';
import { watchPage, type PageWatch } from './page-watch.js';

describe('web console in Chromium: roles, scopes and the end of a session', () => {
  let tessera: RunningTessera;
  let browser: Browser;
  let beta: Awaited<ReturnType<typeof organizationWithUser>>;
  const watches: PageWatch[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    watches.push(watchPage(page, tessera.url));
    return page;
  }

  before(async () => {
    tessera = await startTessera();
    browser = await launchChromium();
    beta = await organizationWithUser(tessera, { organization: 'beta', user: 'ops', superAdmin: true });
    await organizationWithUser(tessera, { organization: 'gamma', user: 'someone-else' });
  });

  after(async () => {
    await browser?.close();
    await tessera?.stop();
  });

  it('a super admin sees its own organization only, and its session token is marked; revoking that token ends the session', async () => {
    const page = await newPage();
    await signInToConsole(page, tessera.url, beta.fullToken);
    await page.getByRole('heading', { name: 'Organizations', level: 1 }).waitFor();
    assert.match(await page.locator('header').innerText(), /Super admin/);
    // the heading comes before the list has loaded: wait for a row, then read them all
    await page.locator('tbody th[data-label="Name"]').first().waitFor();
    const names = await page.locator('tbody th[data-label="Name"]').allInnerTexts();
    assert.deepEqual(names, ['beta']);

    await page.getByRole('link', { name: 'beta' }).click();
    await page.getByRole('button', { name: 'Create user' }).waitFor();
    await page.getByRole('link', { name: 'ops' }).click();
    const row = page.getByRole('row', { name: /console session/ });
    await row.waitFor();
    assert.equal((await row.locator('.current-badge').innerText()).trim(), 'This session');
    assert.equal(await page.locator('.current-badge').count(), 1);
    await assertAccessible(page, 'the tokens page with the session mark');
    await screenshot(page, 'tokens-session-mark-light');

    const revoked = await apiAs(tessera)('DELETE', `/v1/organization/${beta.organizationId}/application-users/${beta.userId}/access-tokens/${beta.tokenPrefix}`);
    assert.equal(revoked.status, 204);
    // the next refresh of the list gets 401: back to sign-in, with the reason
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    assert.match(await alert.innerText(), /session has ended: the token expired or was revoked/);
    await page.getByLabel('API token').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    await assertAccessible(page, 'the sign-in page after a revoked session');
    await screenshot(page, 'session-ended-light');
  });

  it('revoking the session’s own token in the console warns first, then signs out', async () => {
    const own = await apiAs(tessera)('POST', `/v1/organization/${beta.organizationId}/application-users/${beta.userId}/access-tokens`, { description: 'my laptop' });
    const page = await newPage();
    await signInToConsole(page, tessera.url, own.body.full_token);
    await page.goto(`${tessera.url}/console/#/org/${beta.organizationId}/user/${beta.userId}`);
    await page.getByRole('button', { name: 'Revoke token my laptop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke token my laptop?' });
    await dialog.getByText('This is the token you are signed in with: revoking it signs you out.').waitFor();
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('You revoked the token this session was signed in with, so you are signed out.').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.equal((await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${own.body.full_token}` } })).status, 401);
  });

  it('a super admin removing its own rights is asked first, then signed out', async () => {
    const epsilon = await organizationWithUser(tessera, { organization: 'epsilon', user: 'self-admin', superAdmin: true });
    const page = await newPage();
    await signInToConsole(page, tessera.url, epsilon.fullToken);
    await page.getByRole('link', { name: 'epsilon' }).click();
    await page.getByRole('button', { name: 'Remove super admin from self-admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove your own super admin rights?' });
    await dialog.getByRole('button', { name: 'Remove my super admin rights' }).click();
    await page.getByText('You removed your own super admin rights, so you are signed out.').waitFor();
    const user = await apiAs(tessera)('GET', `/v1/organization/${epsilon.organizationId}/application-users/${epsilon.userId}`);
    assert.equal(user.body.is_super_admin, false);
  });

  it('a read-only token (accounts:read) is offered no change anywhere', async () => {
    const readOnly = await apiAs(tessera)('POST', `/v1/organization/${beta.organizationId}/application-users/${beta.userId}/access-tokens`, {
      description: 'read only',
      scopes: ['accounts:read', 'user:read'],
    });
    const page = await newPage();
    await signInToConsole(page, tessera.url, readOnly.body.full_token);
    await page.getByRole('link', { name: 'beta' }).click();
    await page.getByRole('link', { name: 'ops' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Create user|Delete|Rename|super admin/ }).count(), 0);
    await page.getByRole('link', { name: 'ops' }).click();
    await page.getByRole('row', { name: /read only/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: /Create token|Revoke|Rotate/ }).count(), 0);
    assert.equal(await page.getByRole('columnheader', { name: 'Actions' }).count(), 0);
    await page.getByRole('link', { name: 'You' }).click();
    await page.getByText('allow reading only').waitFor();
  });

  it('follows a change of address made between the first screen and the router listening for one', async () => {
    const page = await newPage();
    // The moment the signed-in shell is in the DOM (a mutation observer runs before any timer or
    // animation frame, so before Preact's effects), go to "You": the hashchange event fires before
    // the router has subscribed, as with a link followed at once.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if ([...document.querySelectorAll('button')].some((button) => button.textContent === 'Sign out')) {
          observer.disconnect();
          location.hash = '#/me';
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await signInToConsole(page, tessera.url, tessera.adminToken);
    await page.getByRole('heading', { name: 'You', level: 1 }).waitFor({ timeout: 5_000 });
    assert.equal(await page.getByRole('heading', { name: 'Organizations', level: 1 }).count(), 0);
  });

  it('a plain application user sees itself, and no organizations', async () => {
    const plain = await organizationWithUser(tessera, { organization: 'delta', user: 'reader' }, { description: 'mine', scopes: ['user:read'] });
    const page = await newPage();
    await signInToConsole(page, tessera.url, plain.fullToken);
    await page.getByRole('heading', { name: 'You', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Organizations' }).count(), 0);
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /reader/);
    assert.match(facts, new RegExp(plain.tokenPrefix));
    await page.getByText('can see only itself').waitFor();
    await assertAccessible(page, 'the plain user’s page');
    await screenshot(page, 'plain-user-light');
  });

  it('a token without user:read is refused at sign-in with the reason', async () => {
    const noUserRead = await apiAs(tessera)('POST', `/v1/organization/${beta.organizationId}/application-users/${beta.userId}/access-tokens`, {
      description: 'accounts only',
      scopes: ['accounts:read'],
    });
    const page = await newPage();
    await page.goto(`${tessera.url}/console/`);
    await page.getByLabel('API token').fill(noUserRead.body.full_token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /do not include user:read/);
  });

  it('no page loaded anything from elsewhere or broke the CSP', () => {
    for (const watch of watches) {
      assert.deepEqual(watch.foreignRequests, []);
      assert.deepEqual(watch.cspViolations, []);
      assert.deepEqual(watch.pageErrors, []);
    }
  });
});
