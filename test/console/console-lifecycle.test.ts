// Rotation and the audit trail (issue 10's API), which the console offers because the server's
// OpenAPI document lists them (console-logic.test.ts covers a server without them): rotate a token
// with a grace period, get the new token once, see both work, see the old one marked as rotated;
// rotate the successor without grace and see its predecessor refused at once; find it all in the
// audit trail, filtered by action.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { apiAs, organizationWithUser } from './tessera-api.js';
import { assertAccessible, launchChromium, screenshot, signInToConsole } from './browser.js';
import { watchPage, type PageWatch } from './page-watch.js';

describe('web console in Chromium: rotation and the audit trail', () => {
  let tessera: RunningTessera;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  let acme: Awaited<ReturnType<typeof organizationWithUser>>;
  let offers: { rotation: boolean; auditTrail: boolean; instanceAuditTrail: boolean };
  const status = async (token: string) =>
    (await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${token}` } })).status;

  before(async () => {
    tessera = await startTessera();
    browser = await launchChromium();
    acme = await organizationWithUser(tessera, { organization: 'acme', user: 'deployer' }, { description: 'deploys', scopes: ['user:read'] });
    const paths = Object.keys(((await (await fetch(`${tessera.url}/openapi.json`)).json()) as { paths: object }).paths);
    offers = {
      rotation: paths.some((p) => p.endsWith('/access-tokens/{token_prefix}/rotate')),
      auditTrail: paths.includes('/v1/organization/{organization_id}/events'),
      instanceAuditTrail: paths.includes('/v1/events'),
    };
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    watch = watchPage(page, tessera.url);
    await signInToConsole(page, tessera.url, tessera.adminToken);
    await page.goto(`${tessera.url}/console/#/org/${acme.organizationId}/user/${acme.userId}`);
    await page.getByRole('row', { name: /deploys/ }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await tessera?.stop();
  });

  it('the server lists rotation and the audit trail in its OpenAPI document', () => {
    assert.deepEqual(offers, { rotation: true, auditTrail: true, instanceAuditTrail: true });
  });

  it('rotates a token with a grace period, then its successor without one', async () => {
    const rotate = page.getByRole('button', { name: 'Rotate token deploys' });
    await rotate.click();
    const dialog = page.getByRole('dialog', { name: 'Rotate token deploys?' });
    await dialog.getByLabel('Grace period for the old token').selectOption({ label: '5 minutes' });
    await assertAccessible(page, 'the rotate dialog');
    await screenshot(page, 'rotate-dialog-light');
    await dialog.getByRole('button', { name: 'Rotate token' }).click();
    const secret = page.getByLabel(/^Full token/);
    await secret.waitFor();
    const rotated = await secret.inputValue();
    assert.match(rotated, /^tsr_[0-9A-Za-z]{49}$/);
    assert.notEqual(rotated, acme.fullToken);
    assert.match(await page.locator('.secret').innerText(), /The old token works for 5 minutes more/);
    await screenshot(page, 'token-rotated-light');
    assert.equal(await status(rotated), 200, 'the new token works');
    assert.equal(await status(acme.fullToken), 200, 'the old one too, during the grace period');
    await page.getByRole('button', { name: 'Done, I have stored it' }).click();
    const oldRow = page.getByRole('row', { name: new RegExp(acme.tokenPrefix) });
    await oldRow.getByText('rotated: replaced by').waitFor();
    assert.equal(await oldRow.getByRole('button', { name: /Rotate/ }).count(), 0, 'a rotated token cannot be rotated again');
    assert.equal(await page.getByRole('button', { name: /^Rotate token/ }).count(), 1, 'its successor can');

    await page.getByRole('button', { name: /^Rotate token/ }).click();
    const again = page.getByRole('dialog', { name: 'Rotate token deploys?' });
    await again.getByLabel('Grace period for the old token').selectOption({ label: 'None: the old token stops at once' });
    await again.getByRole('button', { name: 'Rotate token' }).click();
    await page.getByText('The old token no longer works.').waitFor();
    const third = await page.getByLabel(/^Full token/).inputValue();
    assert.equal(await status(third), 200);
    assert.equal(await status(rotated), 401, 'no grace: the predecessor is refused at once');
    await page.getByRole('button', { name: 'Done, I have stored it' }).click();
  });

  it('shows the audit trail, filtered by action', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'acme' }).click();
    await page.getByRole('heading', { name: 'acme: application users' }).waitFor();
    const link = page.getByRole('link', { name: 'Audit trail of acme' });
    await link.click();
    await page.getByRole('heading', { name: 'Audit trail of acme' }).waitFor();
    await page.getByRole('row', { name: /application_user\.created/ }).waitFor();
    assert.equal(await page.getByRole('row', { name: /token\.created/ }).count(), 1);
    const rotations = page.getByRole('row', { name: /token\.rotated/ });
    await rotations.first().waitFor();
    assert.equal(await rotations.count(), 2);
    assert.match(await rotations.first().innerText(), new RegExp(`${acme.tokenPrefix}[\\s\\S]*grace_seconds\\s+300`));
    await page.getByLabel('Action').selectOption('token.rotated');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('row', { name: /application_user\.created/ }).waitFor({ state: 'detached' });
    await page.getByText('2 events, oldest first').waitFor();
    assert.equal(await page.getByRole('row', { name: /token\.rotated/ }).count(), 2);
    assert.equal(await page.getByRole('row', { name: /token\.created/ }).count(), 0);
    await page.getByLabel('Action').selectOption({ label: 'Any action' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('row', { name: /application_user\.created/ }).waitFor();
    await assertAccessible(page, 'the audit trail');
    await screenshot(page, 'audit-trail-light');
  });

  it("shows the instance's trail to the instance admin: every organization's events, a deleted one's too", async () => {
    const doomed = await organizationWithUser(tessera, { organization: 'doomed', user: 'gone' }, { description: 'gone too' });
    const deleted = await fetch(`${tessera.url}/v1/organization/${doomed.organizationId}`, { method: 'DELETE', headers: { authorization: `aivenv1 ${tessera.adminToken}` } });
    assert.equal(deleted.status, 204);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: 'Audit trail of the instance' }).click();
    await page.getByRole('heading', { name: 'Audit trail of the instance' }).waitFor();
    await page.getByRole('row', { name: /organization\.deleted/ }).waitFor();
    assert.match(await page.getByRole('row', { name: /organization\.deleted/ }).innerText(), new RegExp(doomed.organizationId));
    assert.ok((await page.getByRole('row', { name: new RegExp(acme.organizationId) }).count()) > 0, "acme's events are there too");
    await page.getByLabel('Organization ID (also a deleted one)').fill(doomed.organizationId);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('row', { name: new RegExp(acme.organizationId) }).first().waitFor({ state: 'detached' });
    const rows = page.getByRole('row', { name: new RegExp(doomed.organizationId) });
    assert.deepEqual(
      (await rows.allInnerTexts()).map((text) => text.match(/\b(organization|application_user|token)\.\w+/)?.[0]),
      ['organization.created', 'application_user.created', 'token.created', 'organization.deleted'],
    );
    await assertAccessible(page, "the instance's audit trail");
    await screenshot(page, 'instance-audit-trail-light');
  });

  it('loaded nothing from elsewhere and broke no CSP rule', () => {
    assert.deepEqual([watch.foreignRequests, watch.cspViolations, watch.pageErrors], [[], [], []]);
  });
});
