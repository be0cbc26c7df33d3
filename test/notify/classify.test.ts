// SMTP failures, classed as issue 17 asks: only a recipient refused by name fails a delivery;
// every other failure (login, policy at DATA, connection, timeout, TLS, 4xx) pauses the
// transport and burns no attempt. The errors are shaped as nodemailer 6–10 throws them.
import { describe, expect, it } from 'vitest';
import { classifySendError, describeSendError } from '../../src/notify/classify.js';
import { buildMessageId, mailDomain } from '../../src/notify/message-id.js';
import { isPaused, pauseAfterFailure, pauseMs } from '../../src/notify/pause.js';
import { hashToken, isTokenShaped, newToken } from '../../src/notify/tokens.js';

describe('classifySendError', () => {
  it.each([
    ['550 on RCPT (user unknown)', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <a@b>: User unknown' }, 'recipient-rejected'],
    ['551 on RCPT (user not local)', { code: 'EENVELOPE', responseCode: 551, command: 'RCPT TO' }, 'recipient-rejected'],
    ['553 on RCPT (mailbox name not allowed)', { code: 'EENVELOPE', responseCode: 553, command: 'RCPT TO' }, 'recipient-rejected'],
    ['EENVELOPE without a reply (no valid recipient)', { code: 'EENVELOPE', message: 'No recipients defined' }, 'recipient-rejected'],
    ['535 on AUTH (wrong password)', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'transport-down'],
    ['554 at DATA (provider policy or quota)', { code: 'EMESSAGE', responseCode: 554, command: 'DATA' }, 'transport-down'],
    ['552 at end of DATA (quota)', { code: 'EMESSAGE', responseCode: 552, command: 'DATA' }, 'transport-down'],
    ['451 on RCPT (greylisting)', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, 'transport-down'],
    ['452 on RCPT (too many recipients)', { code: 'EENVELOPE', responseCode: 452, command: 'RCPT TO' }, 'transport-down'],
    ['421 service closing', { code: 'EPROTOCOL', responseCode: 421, command: 'CONN' }, 'transport-down'],
    ['connection refused', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:25' }, 'transport-down'],
    ['connection reset', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'transport-down'],
    ['greeting timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, 'transport-down'],
    ['TLS failure', { code: 'ETLS', message: 'self-signed certificate' }, 'transport-down'],
    ['DNS failure', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example.org' }, 'transport-down'],
    ['anything unknown', new Error('boom'), 'transport-down'],
  ])('%s → %s', (_name, error, expected) => {
    expect(classifySendError(error)).toBe(expected);
  });

  it('keeps the server reply for the operator', () => {
    expect(describeSendError({ code: 'EENVELOPE', response: '550 5.1.1 <a@b>: User unknown' })).toBe('EENVELOPE: 550 5.1.1 <a@b>: User unknown');
    expect(describeSendError(new Error('connect ECONNREFUSED 127.0.0.1:25'))).toBe('connect ECONNREFUSED 127.0.0.1:25');
  });
});

describe('the pause', () => {
  it('grows from 5 seconds, doubling, to at most 10 minutes', () => {
    expect([1, 2, 3, 4, 8, 50].map(pauseMs)).toEqual([5_000, 10_000, 20_000, 40_000, 600_000, 600_000]);
  });

  it('remembers since when and why, and pauses until the end of the latest pause', () => {
    const t0 = new Date('2026-11-27T10:00:00Z');
    const first = pauseAfterFailure({ status: 'ok' }, '535 auth', t0);
    const t1 = new Date(t0.getTime() + 6_000);
    const second = pauseAfterFailure(first, '535 auth', t1);
    expect(second).toEqual({ status: 'paused', reason: '535 auth', since: t0, failures: 2, pausedUntil: new Date(t1.getTime() + 10_000) });
    expect(isPaused(second, new Date(t1.getTime() + 9_999))).toBe(true);
    expect(isPaused(second, new Date(t1.getTime() + 10_000))).toBe(false);
    expect(isPaused({ status: 'ok' }, t1)).toBe(false);
  });
});

describe('Message-IDs', () => {
  it('are in the domain of mail.from, else of the base URL', () => {
    expect(mailDomain('Vigil <alerts@Vigil.NGO.example>', 'http://localhost:8080')).toBe('vigil.ngo.example');
    expect(mailDomain('alerts@ngo.example', 'http://localhost:8080')).toBe('ngo.example');
    expect(mailDomain('Vigil', 'https://vigil.example.org/base')).toBe('vigil.example.org');
  });

  it('name the event, revision, subscriber and install, so a retry is the same message and two installs differ', () => {
    const key = { kind: 'alert', alertId: 12, revision: 2, subscriberId: 7 } as const;
    expect(buildMessageId(key, 'aaaa', 'ngo.example')).toBe('<alert-12.r2.s7.aaaa@ngo.example>');
    expect(buildMessageId(key, 'aaaa', 'ngo.example')).toBe(buildMessageId(key, 'aaaa', 'ngo.example'));
    expect(buildMessageId(key, 'bbbb', 'ngo.example')).not.toBe(buildMessageId(key, 'aaaa', 'ngo.example'));
    expect(buildMessageId({ kind: 'confirmation', deliveryId: 40 }, 'aaaa', 'ngo.example')).toBe('<confirm-40.aaaa@ngo.example>');
  });
});

describe('link tokens', () => {
  it('carry 192 random bits and are stored as their sha256', () => {
    const token = newToken();
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(newToken()).not.toBe(token);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
    expect(isTokenShaped(token)).toBe(true);
    expect(isTokenShaped('../../etc/passwd')).toBe(false);
  });
});
