// Which addresses a feed's redirect may lead to: public ones only, whatever way they are written.
import { describe, expect, it } from 'vitest';
import { classifyAddress, ipLiteral } from '../../src/feeds/address.js';

describe('classifyAddress', () => {
  it.each([
    { address: '127.0.0.1', kind: 'loopback' },
    { address: '127.255.0.9', kind: 'loopback' },
    { address: '::1', kind: 'loopback' },
    { address: '10.20.30.40', kind: 'private' },
    { address: '172.16.0.1', kind: 'private' },
    { address: '172.31.255.254', kind: 'private' },
    { address: '192.168.1.1', kind: 'private' },
    { address: '169.254.169.254', kind: 'link-local' },
    { address: 'fe80::1', kind: 'link-local' },
    { address: 'fd12:3456::1', kind: 'unique-local' },
    { address: 'fc00::1', kind: 'unique-local' },
    { address: '100.64.0.1', kind: 'shared (CGNAT)' },
    { address: '224.0.0.251', kind: 'multicast' },
    { address: 'ff02::1', kind: 'multicast' },
    { address: '0.0.0.0', kind: 'unspecified' },
    { address: '::', kind: 'unspecified' },
    { address: '255.255.255.255', kind: 'reserved' },
    { address: '::ffff:10.0.0.1', kind: 'private' },
    { address: '::ffff:7f00:1', kind: 'loopback' },
    { address: '::ffff:169.254.169.254', kind: 'link-local' },
    { address: '64:ff9b::7f00:1', kind: 'loopback' },
    { address: '64:ff9b::169.254.169.254', kind: 'link-local' },
    { address: '64:ff9b:1::a00:1', kind: 'private' },
    { address: '2002:a9fe:a9fe::1', kind: 'link-local' },
    { address: '2002:c0a8:101::', kind: 'private' },
    { address: '2002:7f00:1:0:0:0:0:1', kind: 'loopback' },
  ])('refuses $address as $kind', ({ address, kind }) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.15.255.255', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', 'feeds.example.org'])('lets %s through', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });
});

describe('ipLiteral', () => {
  it.each([
    { hostname: '169.254.169.254', literal: '169.254.169.254' },
    { hostname: '[::1]', literal: '::1' },
    { hostname: '[::ffff:7f00:1]', literal: '::ffff:7f00:1' },
    { hostname: 'localhost', literal: null },
    { hostname: 'reliefweb.int', literal: null },
  ])('reads $hostname as $literal', ({ hostname, literal }) => {
    expect(ipLiteral(hostname)).toBe(literal);
  });
});
