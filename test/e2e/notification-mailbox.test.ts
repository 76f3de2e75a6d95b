/**
 * The platform as `npm start` runs it (user + notification + gateway, document-store bus):
 * registering through the public API leaves a readable welcome email in the development mailbox
 * within 2 seconds, with its link on the local load balancer's origin.
 */
import { type Platform, startPlatform } from '@b2b/test-kit/platform';
import { pollUntil } from '@b2b/test-kit/poll';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ services: ['user', 'notification'], gateway: true });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

describe('notification end to end', () => {
  it('mails a welcome within 2 s of registering through the API, once', async () => {
    const email = `welcome.${Date.now()}@example.com`;
    const res = await fetch(`${platform.apiUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email,
        password: 'a sturdy passphrase 42',
        name: 'Wendy Welcome',
        companyName: 'Wendy & Co',
      }),
    });
    expect(res.status).toBe(201);
    const registeredAt = Date.now();
    const userId = ((await res.json()) as { user: { id: string } }).user.id;
    const mailbox = platform.db('notification').collection('mailbox');
    const mail = await pollUntil(() => mailbox.findOne({ to: email }), {
      timeoutMs: 2_000,
      message: `welcome email to ${email}`,
    });
    const tookMs = Date.now() - registeredAt;
    expect(tookMs).toBeLessThan(2_000);
    expect(mail).toMatchObject({ channel: 'email', subject: 'Welcome to B2B Commerce, Wendy Welcome' });
    expect(mail.text).toMatch(
      /your account for Wendy & Co is ready\. Sign in at http:\/\/localhost:\d+\/login/,
    );
    expect(mail.html).toContain('Wendy &amp; Co');
    process.stdout.write(`welcome email in the mailbox ${tookMs} ms after the 201\n`);
    const log = await pollUntil(async () => {
      const found = await platform.db('notification').collection('deliveries').find({ userId }).toArray();
      return found.length === 2 && found;
    });
    expect(log.map((d) => [d.channel, d.status]).sort()).toEqual([
      ['email', 'sent'],
      ['in_app', 'sent'],
    ]);
  });

  it('routes the mailbox and the notification areas through the gateway to the service (401 without a token)', async () => {
    for (const path of [
      '/api/v1/admin/mailbox',
      '/api/v1/notifications',
      '/api/v1/admin/notification-templates',
    ]) {
      const res = await fetch(`${platform.apiUrl}${path}`);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    // Positive control: an area nobody serves is a 404, not a 401.
    expect((await fetch(`${platform.apiUrl}/api/v1/no-such-area`)).status).toBe(404);
  });
});
