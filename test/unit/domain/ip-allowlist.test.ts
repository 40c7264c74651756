import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpAllowlist, parseCidr } from '../../../src/domain/ip-allowlist.js';

test('CIDRs and single addresses parse, IPv4 and IPv6', () => {
  assert.deepEqual(parseCidr('10.0.0.0/8'), { address: '10.0.0.0', prefix: 8, family: 'ipv4' });
  assert.deepEqual(parseCidr('2001:db8::/32'), { address: '2001:db8::', prefix: 32, family: 'ipv6' });
  assert.deepEqual(parseCidr('127.0.0.1'), { address: '127.0.0.1', prefix: 32, family: 'ipv4' });
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0/8', 'example.com', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/8/8', '', '::1/1a']) {
    assert.equal(parseCidr(bad), undefined, bad);
  }
});

test('an allowlist allows addresses inside its ranges only', () => {
  const list = new IpAllowlist(['10.0.0.0/8', '2001:db8::/32', '192.0.2.7']);
  assert.ok(list.allows('10.1.2.3'));
  assert.ok(list.allows('::ffff:10.1.2.3'), 'IPv4-mapped IPv6 counts as IPv4');
  assert.ok(list.allows('2001:db8:1::5'));
  assert.ok(list.allows('192.0.2.7'));
  assert.ok(!list.allows('192.0.2.8'));
  assert.ok(!list.allows('11.0.0.1'));
  assert.ok(!list.allows('2001:db9::1'));
  assert.ok(!list.allows('not-an-ip'));
});

test('a token restricted to an allowlist may create only tokens inside it', async () => {
  const { allowlistBeyond } = await import('../../../src/domain/ip-allowlist.js');
  assert.equal(allowlistBeyond(null, null), undefined);
  assert.equal(allowlistBeyond(null, ['10.0.0.0/8']), 'any address');
  assert.equal(allowlistBeyond(['10.1.0.0/16', '10.2.3.4'], ['10.0.0.0/8']), undefined);
  assert.equal(allowlistBeyond(['10.0.0.0/7'], ['10.0.0.0/8']), '10.0.0.0/7');
  assert.equal(allowlistBeyond(['11.0.0.0/8'], ['10.0.0.0/8']), '11.0.0.0/8');
  assert.equal(allowlistBeyond(['2001:db8:1::/48'], ['2001:db8::/32', '10.0.0.0/8']), undefined);
  assert.equal(allowlistBeyond(['::/0'], ['2001:db8::/32']), '::/0');
});
