// Which URLs a webhook may name. A webhook is a partner's server on the internet: https, and not
// an address of this machine or its network (a subscription pointing at 127.0.0.1 or the cloud
// metadata address would let whoever adds it make Vigil POST inside), unless the operator sets
// mail.allowPrivateWebhooks (tests, a partner on the same private network). Pure.
import { classifyAddress, ipLiteral } from '../feeds/address.js';

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** Checks a webhook URL as given on the command line; the host name is checked again when connecting. */
export function checkWebhookUrl(value: string, allowPrivate: boolean): WebhookUrlCheck {
  const text = value.trim();
  if (!URL.canParse(text)) return { ok: false, error: `not a URL: "${value}" (a webhook is an https URL such as https://partner.example/hook)` };
  const url = new URL(text);
  if (url.username || url.password) return { ok: false, error: `a webhook URL must not carry a user name or password (${url.host}): the signature authenticates Vigil` };
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, error: `a webhook must be an https URL (got ${url.protocol}//…); plain http only with mail.allowPrivateWebhooks` };
  }
  const literal = ipLiteral(url.hostname);
  const kind = literal === null ? null : classifyAddress(literal);
  if (kind !== null && !allowPrivate) return { ok: false, error: `refused webhook to ${url.hostname} (${kind} address); set mail.allowPrivateWebhooks to allow it` };
  url.hash = '';
  return { ok: true, url: url.toString() };
}
