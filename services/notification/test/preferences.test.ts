/** GET/PUT /notifications/preferences, honoured by deliveries; security messages ignore opt-outs. */
import { describe, expect } from 'vitest';
import { optionalKindKeys } from '../src/domain/kinds.ts';
import { it } from './support/notification-test.ts';

describe('preferences', () => {
  it('defaults to email and in-app on, SMS off, and keeps kinds not named in a PUT', async ({ svc }) => {
    const user = svc.person();
    const token = await svc.tokenFor(user);
    const got = await svc.call('GET', '/notifications/preferences', { token });
    expect(got.statusCode).toBe(200);
    expect(got.json()['order.shipped']).toEqual({ email: true, sms: false, inApp: true });
    expect(Object.keys(got.json()).sort()).toEqual([...optionalKindKeys].sort());

    const put = await svc.call('PUT', '/notifications/preferences', {
      token,
      body: { 'order.shipped': { email: false, sms: true, inApp: true } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()['order.shipped']).toEqual({ email: false, sms: true, inApp: true });
    expect(put.json()['order.confirmed']).toEqual({ email: true, sms: false, inApp: true });
  });

  it('refuses security kinds, unknown kinds and missing tokens', async ({ svc }) => {
    const token = await svc.tokenFor(svc.person());
    for (const body of [
      { 'user.password_reset_requested': { email: false, sms: false, inApp: false } },
      { 'order.nonsense': { email: false, sms: false, inApp: false } },
      { 'order.shipped': { email: 'no', sms: false, inApp: false } },
      {},
    ]) {
      const res = await svc.call('PUT', '/notifications/preferences', { token, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await svc.call('GET', '/notifications/preferences')).statusCode).toBe(401);
  });

  it('suppresses what the user opted out of, sends SMS they opted into, and always sends a reset', async ({
    svc,
  }) => {
    const user = svc.person({ phone: '+49 30 1234567' });
    const token = await svc.tokenFor(user);
    const everythingOff = Object.fromEntries(
      optionalKindKeys.map((k) => [k, { email: false, sms: false, inApp: false }]),
    );
    expect(
      (await svc.call('PUT', '/notifications/preferences', { token, body: everythingOff })).statusCode,
    ).toBe(200);
    expect(
      (
        await svc.call('PUT', '/notifications/preferences', {
          token,
          body: { 'order.delivered': { email: false, sms: true, inApp: false } },
        })
      ).statusCode,
    ).toBe(200);
    const ref = { orderNumber: 'ORD-P', companyId: user.companyId!, userId: user.userId };
    await svc.deliver(
      svc.event('order.shipped', { ...ref, orderId: 'o-p', carrier: 'DHL', trackingNumber: 'T' }),
    );
    await svc.deliver(svc.event('order.delivered', { ...ref, orderId: 'o-p' }));
    await svc.deliver(
      svc.event('user.password_reset_requested', {
        userId: user.userId,
        email: user.email,
        name: user.name,
        resetToken: 'r-1',
        expiresAt: '2026-12-01T11:00:00.000Z',
      }),
    );
    const mailbox = await svc.mongo.db
      .collection('mailbox')
      .find({ to: { $in: [user.email, '+49301234567'] } })
      .toArray();
    expect(mailbox.map((m) => [m.channel, m.subject])).toEqual([
      ['sms', null],
      ['email', 'Reset your password'],
    ]);
    expect(mailbox[0]!.text).toContain('ORD-P has been delivered');
    const log = await svc.call(
      'GET',
      `/admin/notifications?to=${encodeURIComponent(user.email)}&event=order.shipped`,
      {
        token: await svc.adminToken(),
      },
    );
    expect(log.json().items).toEqual([
      expect.objectContaining({ channel: 'email', status: 'suppressed', template: 'order.shipped' }),
    ]);
  });

  it('logs an SMS to a number that is not E.164 as failed', async ({ svc }) => {
    const user = svc.person({ phone: '030 1234567' });
    const token = await svc.tokenFor(user);
    await svc.call('PUT', '/notifications/preferences', {
      token,
      body: { 'order.delivered': { email: true, sms: true, inApp: true } },
    });
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-e',
        orderNumber: 'ORD-E',
        companyId: user.companyId!,
        userId: user.userId,
      }),
    );
    const log = await svc.call(
      'GET',
      '/admin/notifications?channel=sms&status=failed&event=order.delivered',
      {
        token: await svc.adminToken(),
      },
    );
    expect(log.json().items.filter((d: { to: string }) => d.to === '030 1234567')).toEqual([
      expect.objectContaining({ status: 'failed', error: expect.stringContaining('E.164') }),
    ]);
    expect(await svc.mongo.db.collection('mailbox').countDocuments({ to: user.email })).toBe(1);
  });
});
