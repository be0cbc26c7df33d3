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
  const kind = LISTS.find(({ list }) => list.check(address, type))?.kind ?? null;
  if (kind !== null || family === 4) return kind;
  const inner = embeddedIpv4(address);
  return inner === null ? null : classifyAddress(inner);
}

// IPv6 prefixes whose address carries an IPv4 one that a gateway connects to: NAT64
// (64:ff9b::/96 and the local-use 64:ff9b:1::/48, the IPv4 in the last 32 bits) and 6to4
// (2002::/16, the IPv4 in bits 16–47). 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64.
function embeddedIpv4(address: string): string | null {
  const words = ipv6Words(address);
  if (!words) return null;
  const dotted = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  if (words[0] === 0x2002) return dotted(words[1] ?? 0, words[2] ?? 0);
  const nat64 = words[0] === 0x64 && words[1] === 0xff9b && (words.slice(2, 6).every((w) => w === 0) || words[2] === 1);
  return nat64 ? dotted(words[6] ?? 0, words[7] ?? 0) : null;
}

// The eight 16-bit words of an IPv6 address ("::" expanded, a dotted IPv4 tail read as two words).
function ipv6Words(address: string): number[] | null {
  const dottedTail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dottedTail ? `${address.slice(0, dottedTail.index)}${((Number(dottedTail[1]) << 8) | Number(dottedTail[2])).toString(16)}:${((Number(dottedTail[3]) << 8) | Number(dottedTail[4])).toString(16)}` : address;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const words = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/** The IP address a URL's hostname is written as ("[::1]" → "::1"), or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return isIP(bare) === 0 ? null : bare;
}
