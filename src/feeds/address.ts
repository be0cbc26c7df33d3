// Which network addresses a feed's redirect may not lead to: a feed list names public servers,
// and a redirect from one of them to this machine, its network or a cloud metadata address
// (169.254.169.254) would let a publisher read what only Vigil's host can reach. Pure.
import { BlockList, isIP } from 'node:net';

/** Why an address is not public, as the refusal message names it. */
export const ADDRESS_KINDS = ['loopback', 'private', 'link-local', 'unique-local', 'shared (CGNAT)', 'multicast', 'unspecified', 'reserved'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

type Subnet = readonly [network: string, prefix: number, type: 'ipv4' | 'ipv6'];

// IANA special-purpose registries (RFC 6890); 0.0.0.0/8 connects to this host on Linux.
const SUBNETS: Record<AddressKind, readonly Subnet[]> = {
  loopback: [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']],
  private: [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4']],
  'link-local': [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']],
  'unique-local': [['fc00::', 7, 'ipv6']],
  'shared (CGNAT)': [['100.64.0.0', 10, 'ipv4']],
  multicast: [['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']],
  unspecified: [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']],
  reserved: [['240.0.0.0', 4, 'ipv4']],
};

// A BlockList also matches an IPv4-mapped IPv6 address (::ffff:10.0.0.1) against its IPv4 rules.
const LISTS = ADDRESS_KINDS.map((kind) => {
  const list = new BlockList();
  for (const [network, prefix, type] of SUBNETS[kind]) list.addSubnet(network, prefix, type);
  return { kind, list };
});

/** The kind of a non-public address, or null for a public one (and for anything not an IP address). */
export function classifyAddress(address: string): AddressKind | null {
  const family = isIP(address);
  if (family === 0) return null;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(address, type))?.kind ?? null;
}

/** The IP address a URL's hostname is written as ("[::1]" → "::1"), or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}
