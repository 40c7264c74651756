import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeUserAgent } from '../../../src/domain/user-agent.js';

test('command-line tools ua-parser does not know are summarised by their product token', () => {
  assert.equal(summarizeUserAgent('curl/8.5.0'), 'curl 8.5.0');
  assert.equal(summarizeUserAgent('Terraform/1.11.4 (+https://www.terraform.io) terraform-provider-aiven/0.1.0 (linux; amd64)'), 'Terraform 1.11.4 on Linux');
  assert.equal(summarizeUserAgent('Terraform/1.11.4 (+https://www.terraform.io) Terraform-Plugin-SDK/2.10.1 terraform-provider-aiven/4.0.0'), 'Terraform 1.11.4');
  assert.equal(summarizeUserAgent('python-requests/2.31.0'), 'Python Requests 2.31.0');
  assert.equal(summarizeUserAgent('Go-http-client/1.1'), 'Go HTTP client 1.1');
});

test('browsers come from ua-parser-js with their OS', () => {
  assert.equal(
    summarizeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'),
    'Chrome 120.0.0.0 on Linux',
  );
  assert.match(summarizeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7; rv:121.0) Gecko/20100101 Firefox/121.0') ?? '', /^Firefox 121\.0 on Mac OS/);
});

test('no user agent → null; an unparseable one is kept (shortened)', () => {
  assert.equal(summarizeUserAgent(undefined), null);
  assert.equal(summarizeUserAgent(''), null);
  assert.equal(summarizeUserAgent('something odd'), 'something odd');
  assert.equal(summarizeUserAgent('x'.repeat(300))?.length, 100);
});
