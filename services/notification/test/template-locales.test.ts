/**
 * Templates per kind × channel × locale: the recipient's locale (from the user service) chooses,
 * falling back `de-AT` → `de` → `en`; admins read, replace, preview and reset each one.
 */
import { describe, expect } from 'vitest';
import type { NotificationTestApp } from './support/notification-app.ts';
import { it } from './support/notification-test.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const mailTo = (svc: NotificationTestApp, to: string) =>
  svc.mongo.db.collection('mailbox').find({ to }).sort({ createdAt: 1 }).toArray();
const inboxOf = (svc: NotificationTestApp, userId: string) =>
  svc.mongo.db.collection('inbox').find({ userId }).toArray();

let orders = 0;
function confirmed(svc: NotificationTestApp, buyer: { userId: string; companyId: string | null }) {
  const n = ++orders;
  return svc.event('order.confirmed', {
    orderId: `o-loc-${n}`,
    orderNumber: `ORD-L${n}`,
    companyId: buyer.companyId!,
    userId: buyer.userId,
    total: eur('99.00'),
  });
}

describe('the recipient’s locale chooses the template', () => {
  it('mails and notifies a German buyer in German, an English one in English', async ({ svc }) => {
    const german = svc.person({ locale: 'de' });
    const english = svc.person({ locale: 'en' });
    for (const buyer of [german, english]) await svc.deliver(confirmed(svc, buyer));

    const [de] = await mailTo(svc, german.email);
    expect(de).toMatchObject({ subject: expect.stringMatching(/^Bestellung ORD-L\d+ bestätigt$/) });
    expect(de!.text).toContain(`Hallo ${german.name},`);
    expect(de!.html).toContain('Bestellung ansehen');
    const [en] = await mailTo(svc, english.email);
    expect(en).toMatchObject({ subject: expect.stringMatching(/^Order ORD-L\d+ confirmed$/) });
    // The in-app entry follows the same locale.
    expect((await inboxOf(svc, german.userId))[0]).toMatchObject({ subject: de!.subject });
    expect((await inboxOf(svc, english.userId))[0]).toMatchObject({ subject: en!.subject });
  });

  it('falls back from a regional locale to its language, and from an unknown one to English', async ({
    svc,
  }) => {
    const austrian = svc.person({ locale: 'de-AT' });
    const french = svc.person({ locale: 'fr' });
    for (const buyer of [austrian, french]) await svc.deliver(confirmed(svc, buyer));
    expect((await mailTo(svc, austrian.email))[0]!.subject).toMatch(/bestätigt$/);
    expect((await mailTo(svc, french.email))[0]!.subject).toMatch(/confirmed$/);
  });

  it('asks the account holder’s locale for a password reset; staff-only kinds stay English', async ({
    svc,
  }) => {
    const holder = svc.person({ locale: 'de' });
    await svc.deliver(
      svc.event('user.password_reset_requested', {
        userId: holder.userId,
        email: holder.email,
        name: holder.name,
        resetToken: 'r-de',
        expiresAt: '2026-12-01T11:00:00.000Z',
      }),
    );
    expect((await mailTo(svc, holder.email)).map((m) => m.subject)).toEqual(['Passwort zurücksetzen']);

    const admin = await svc.adminToken();
    const lowStock = await svc.call('GET', '/admin/notification-templates/inventory.low_stock?locale=de', {
      token: admin,
    });
    expect(lowStock.json()).toMatchObject({ locale: 'de', fallbackLocale: 'en', customized: false });
    expect(lowStock.json().subject).toMatch(/^Low stock/);
    const confirmation = await svc.call('GET', '/admin/notification-templates/order.confirmed?locale=de', {
      token: admin,
    });
    expect(confirmation.json()).toMatchObject({ locale: 'de', fallbackLocale: null, channel: 'email' });
  });
});

describe('admin templates per channel and locale', () => {
  it('lists one locale’s templates, each kind × channel; security kinds are email only', async ({ svc }) => {
    const admin = await svc.adminToken();
    const list = await svc.call('GET', '/admin/notification-templates?locale=de', { token: admin });
    expect(list.statusCode).toBe(200);
    const items: { key: string; channel: string; locale: string }[] = list.json().items;
    expect(items.every((t) => t.locale === 'de')).toBe(true);
    expect(items.filter((t) => t.key === 'order.shipped').map((t) => t.channel)).toEqual([
      'email',
      'sms',
      'in_app',
    ]);
    expect(items.filter((t) => t.key === 'user.invited').map((t) => t.channel)).toEqual(['email']);
    expect(list.json().locales).toEqual(expect.arrayContaining(['de', 'en']));
    const smsOnly = await svc.call('GET', '/admin/notification-templates?channel=sms', { token: admin });
    expect(new Set(smsOnly.json().items.map((t: { channel: string }) => t.channel))).toEqual(
      new Set(['sms']),
    );
    expect(
      (await svc.call('GET', '/admin/notification-templates/user.invited?channel=sms', { token: admin }))
        .statusCode,
    ).toBe(404);
    expect(
      (await svc.call('GET', '/admin/notification-templates?locale=de_DE', { token: admin })).statusCode,
    ).toBe(400);
  });

  it('an SMS template has only a text: other parts are a 400; the saved one is what German SMS use', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/order.shipped?channel=sms&locale=de';
    const withHtml = await svc.call('PUT', url, {
      token: admin,
      body: { text: 'x {{carrier}}', html: '<p>x</p>' },
    });
    expect(withHtml.statusCode).toBe(400);
    expect(withHtml.json()).toMatchObject({
      code: 'INVALID_TEMPLATE',
      errors: [{ path: '/html', message: 'an sms template has no html part' }],
    });
    const emailWithoutHtml = await svc.call('PUT', '/admin/notification-templates/order.shipped?locale=de', {
      token: admin,
      body: { subject: 'x', text: 'y' },
    });
    expect(emailWithoutHtml.statusCode).toBe(400);
    expect(emailWithoutHtml.json().errors).toEqual([
      { path: '/html', message: 'an email template needs its html part' },
    ]);

    const saved = await svc.call('PUT', url, {
      token: admin,
      body: { text: '{{orderNumber}} ist mit {{carrier}} unterwegs: {{trackingNumber}}' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ channel: 'sms', locale: 'de', customized: true });
    expect(saved.json().subject).toBeUndefined();

    const smsFan = async (locale: string) => {
      const p = svc.person({ locale, phone: '+49 30 1234567' });
      const token = await svc.tokenFor(p);
      const prefs = await svc.call('PUT', '/notifications/preferences', {
        token,
        body: { 'order.shipped': { email: false, sms: true, inApp: false } },
      });
      expect(prefs.statusCode).toBe(200);
      await svc.deliver(
        svc.event('order.shipped', {
          orderId: `o-sms-${locale}`,
          orderNumber: `ORD-S-${locale}`,
          companyId: p.companyId!,
          userId: p.userId,
          carrier: 'DHL',
          trackingNumber: 'T-9',
        }),
      );
      const sms = await svc.mongo.db
        .collection('mailbox')
        .find({ to: '+49301234567', channel: 'sms' })
        .toArray();
      return sms.find((m) => m.text.includes(`ORD-S-${locale}`))!.text;
    };
    expect(await smsFan('de')).toBe('ORD-S-de ist mit DHL unterwegs: T-9');
    // Positive control: the English SMS is still the seeded default (the email's text).
    expect(await smsFan('en')).toMatch(
      /^Hello .*, order ORD-S-en is on its way with DHL, tracking number T-9/,
    );
  });

  it('previews a channel and locale, a draft of it, and refuses a broken draft', async ({ svc }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/invoice.issued/preview';
    const de = await svc.call('POST', `${url}?locale=de`, { token: admin, body: {} });
    expect(de.statusCode).toBe(200);
    expect(de.json().subject).toBe('Rechnung INV-2026-0042: 1234.50 EUR fällig am 2026-12-31');
    const inApp = await svc.call('POST', `${url}?channel=in_app`, {
      token: admin,
      body: { text: 'Due {{dueDate}}' },
    });
    expect(inApp.json()).toMatchObject({
      text: 'Due 2026-12-31',
      subject: 'Invoice INV-2026-0042: 1234.50 EUR due 2026-12-31',
    });
    expect(inApp.json().html).toBeUndefined();
    const broken = await svc.call('POST', `${url}?channel=in_app`, {
      token: admin,
      body: { html: '<p>x</p>' },
    });
    expect(broken.statusCode).toBe(400);
  });
});

describe('resetting a template to its seeded default', () => {
  it('drops the override: the next message is the default again; resetting twice changes nothing', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/order.delivered';
    const seeded = (await svc.call('GET', url, { token: admin })).json();
    const custom = { subject: 'Arrived: {{orderNumber}}', text: 'It is there.', html: '<p>It is there.</p>' };
    expect((await svc.call('PUT', url, { token: admin, body: custom })).json()).toMatchObject({
      customized: true,
      subject: custom.subject,
    });
    const delivered = async (n: number) => {
      const buyer = svc.person();
      await svc.deliver(
        svc.event('order.delivered', {
          orderId: `o-del-${n}`,
          orderNumber: `ORD-D${n}`,
          companyId: buyer.companyId!,
          userId: buyer.userId,
        }),
      );
      return (await mailTo(svc, buyer.email))[0]!.subject;
    };
    expect(await delivered(1)).toBe('Arrived: ORD-D1');

    const reset = await svc.call('DELETE', url, { token: admin });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toEqual({ ...seeded });
    expect(reset.json().customized).toBe(false);
    expect(await delivered(2)).toBe('Order ORD-D2 delivered');
    const again = await svc.call('DELETE', url, { token: admin });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(reset.json());
  });

  it('resets one locale only, and is for admins', async ({ svc }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/order.cancelled';
    const body = { subject: 'S {{orderNumber}}', text: 'T', html: '<p>H</p>' };
    for (const locale of ['en', 'de']) {
      expect((await svc.call('PUT', `${url}?locale=${locale}`, { token: admin, body })).statusCode).toBe(200);
    }
    expect((await svc.call('DELETE', `${url}?locale=de`, { token: admin })).json()).toMatchObject({
      locale: 'de',
      customized: false,
      subject: 'Bestellung {{orderNumber}} storniert',
    });
    expect((await svc.call('GET', url, { token: admin })).json()).toMatchObject({
      customized: true,
      subject: body.subject,
    });

    const buyer = await svc.tokenFor(svc.person());
    expect((await svc.call('DELETE', url, { token: buyer })).statusCode).toBe(403);
    expect((await svc.call('DELETE', url)).statusCode).toBe(401);
    expect(
      (await svc.call('DELETE', '/admin/notification-templates/nope', { token: admin })).statusCode,
    ).toBe(404);
    // Positive control: the admin's reset of the English one works.
    expect((await svc.call('DELETE', url, { token: admin })).json().customized).toBe(false);
  });
});
