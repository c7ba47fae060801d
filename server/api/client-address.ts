/**
 * Who a client is, for budgets that count per client (join attempts, seats): the address Express
 * derived with "trust proxy" (X-Forwarded-For only from LAB_TRUST_PROXY's proxies, so a client cannot
 * name itself), with an IPv6 address cut to its /64, since one host is usually given a whole /64.
 */
import { isIPv6 } from 'node:net';
import type { Request } from 'express';

export function clientAddress(req: Request): string {
  const address = (req.ip ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.)/, '');
  return isIPv6(address) ? `${ipv6Groups(address).slice(0, 4).join(':')}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, with "::" expanded. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
