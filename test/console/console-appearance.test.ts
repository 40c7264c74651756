// The console follows the OS colour scheme and stays usable at 360 px wide: each main page in dark
// mode (and light) at phone width, with no sideways scrolling, passes axe-core (colour contrast
// included), and is written as a screenshot to test-output/console/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTessera, type RunningTessera } from '../support/tessera.js';
import { apiAs, organizationWithUser } from './tessera-api.js';
import { assertAccessible, launchChromium, screenshot, signInToConsole } from './browser.js';

async function assertNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

describe('web console in Chromium: dark and light, 360 px wide', () => {
  let tessera: RunningTessera;
  let browser: Browser;
  let acme: Awaited<ReturnType<typeof organizationWithUser>>;

  before(async () => {
    tessera = await startTessera();
    browser = await launchChromium();
    acme = await organizationWithUser(
      tessera,
      { organization: 'acme', user: 'terraform-ci' },
      { description: 'Terraform CI', max_age_seconds: 86400 * 30, extend_when_used: true, scopes: ['accounts:read', 'user:read'], ip_allowlist: ['127.0.0.1/32', '2001:db8::/32'] },
    );
    const api = apiAs(tessera);
    await api('POST', `/v1/organization/${acme.organizationId}/application-users/${acme.userId}/access-tokens`, { description: 'break-glass', max_age_seconds: 0 });
    await api('POST', `/v1/organization/${acme.organizationId}/application-users`, { name: 'billing-export', is_super_admin: true });
    // a use, so the last-use columns have something to show
    const me = await fetch(`${tessera.url}/v1/me`, { headers: { authorization: `aivenv1 ${acme.fullToken}`, 'user-agent': 'Terraform/1.11.4 (+https://www.terraform.io) terraform-provider-aiven/4.0.0' } });
    assert.equal(me.status, 200);
  });

  after(async () => {
    await browser?.close();
    await tessera?.stop();
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    it(`${colorScheme}, 360 px: sign-in, organizations, users, tokens and the create form`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(`${tessera.url}/console/`);
      await page.getByLabel('API token').waitFor();
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(background, colorScheme === 'dark' ? 'rgb(18, 20, 23)' : 'rgb(255, 255, 255)', 'the page follows the colour scheme');
      const shots: Array<[string, () => Promise<void>]> = [
        ['sign-in', async () => {}],
        ['organizations', async () => {
          await signInToConsole(page, tessera.url, tessera.adminToken);
          await page.getByRole('link', { name: 'acme' }).waitFor();
        }],
        ['users', async () => {
          await page.getByRole('link', { name: 'acme' }).click();
          await page.getByRole('link', { name: 'terraform-ci' }).waitFor();
        }],
        ['tokens', async () => {
          await page.getByRole('link', { name: 'terraform-ci' }).click();
          await page.getByText('Never expires').waitFor();
          await page.getByRole('row', { name: /Terraform CI/ }).locator('[data-label="Client"]').getByText('Terraform 1.11.4').waitFor();
        }],
        ['create-token', async () => {
          await page.getByRole('button', { name: 'Create token' }).click();
          await page.getByLabel('Only the scopes chosen below').check();
          await page.getByLabel('IP allowlist').fill('10.0.0.0/8\n192.168.1.300');
          await page.getByText("'192.168.1.300' is not an IPv4 or IPv6 address").waitFor();
        }],
      ];
      for (const [name, open] of shots) {
        await open();
        await assertNoSidewaysScroll(page, `${name} (${colorScheme})`);
        await assertAccessible(page, `${name} (${colorScheme}, 360 px)`);
        await screenshot(page, `${name}-${colorScheme}-360px`);
      }
      await context.close();
    });
  }

  it('dark, desktop width: the tokens page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await signInToConsole(page, tessera.url, tessera.adminToken);
    await page.goto(`${tessera.url}/console/#/org/${acme.organizationId}/user/${acme.userId}`);
    await page.getByText('Never expires').waitFor();
    await assertAccessible(page, 'the tokens page (dark, desktop)');
    await screenshot(page, 'tokens-dark');
    await context.close();
  });
});
