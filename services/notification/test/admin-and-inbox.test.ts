/** Admin template routes (validation, preview), the in-app inbox, and the development mailbox. */
import { describe, expect } from 'vitest';
import { it } from './support/notification-test.ts';

const valid = {
  subject: 'Shipped: {{orderNumber}}',
  text: 'Hi {{recipientName}}, {{carrier}} {{trackingNumber}} {{#if orderUrl}}{{orderUrl}}{{/if}}',
  html: '<p>Hi {{recipientName}}, {{carrier}} <b>{{trackingNumber}}</b></p>',
};

describe('admin templates', () => {
  it('lists seeded defaults for every kind and needs an admin', async ({ svc }) => {
    const admin = await svc.adminToken();
    const list = await svc.call('GET', '/admin/notification-templates', { token: admin });
    expect(list.statusCode).toBe(200);
    const keys = list.json().items.map((t: { key: string }) => t.key);
    expect(keys).toContain('order.awaiting_approval');
    expect(keys).toContain('inventory.low_stock');
    expect(list.json().items.every((t: { customized: boolean }) => !t.customized)).toBe(true);
    const buyer = await svc.tokenFor(svc.person());
    expect((await svc.call('GET', '/admin/notification-templates', { token: buyer })).statusCode).toBe(403);
    expect((await svc.call('GET', '/admin/notification-templates')).statusCode).toBe(401);
    expect((await svc.call('GET', '/admin/notification-templates/nope', { token: admin })).statusCode).toBe(
      404,
    );
  });

  it('saves a valid template and refuses unknown placeholders, broken syntax and raw output', async ({
    svc,
  }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/order.shipped';
    for (const [body, message] of [
      [{ ...valid, text: 'Hi {{customerSecret}}' }, 'unknown placeholder {{customerSecret}}'],
      [{ ...valid, html: '<p>{{#if carrier}}open</p>' }, 'syntax error'],
      [{ ...valid, html: '<p>{{{carrier}}}</p>' }, 'unescaped output'],
      [{ ...valid, subject: '{{> header}}' }, 'partial'],
      [{ ...valid, text: '{{lookup this "x"}}' }, 'helper'],
    ] as const) {
      const res = await svc.call('PUT', url, { token: admin, body });
      expect(res.statusCode, message).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_TEMPLATE' });
      expect(JSON.stringify(res.json().errors)).toContain(message);
    }
    expect((await svc.call('PUT', url, { token: admin, body: { ...valid, extra: 1 } })).statusCode).toBe(400);
    const saved = await svc.call('PUT', url, { token: admin, body: valid });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ key: 'order.shipped', customized: true, subject: valid.subject });

    // The saved template is what the next shipment email uses.
    const buyer = svc.person();
    await svc.deliver(
      svc.event('order.shipped', {
        orderId: 'o-t',
        orderNumber: 'ORD-T',
        companyId: buyer.companyId!,
        userId: buyer.userId,
        carrier: 'DHL',
        trackingNumber: '<b>',
      }),
    );
    const mail = await svc.mongo.db.collection('mailbox').findOne({ to: buyer.email });
    expect(mail).toMatchObject({ subject: 'Shipped: ORD-T' });
    expect(mail!.html).toContain('<b>&lt;b&gt;</b>');
  });

  it('previews a draft and the current template with sample data', async ({ svc }) => {
    const admin = await svc.adminToken();
    const url = '/admin/notification-templates/invoice.issued/preview';
    const current = await svc.call('POST', url, { token: admin, body: {} });
    expect(current.statusCode).toBe(200);
    expect(current.json().subject).toBe('Invoice INV-2026-0042: 1234.50 EUR due 2026-12-31');
    const draft = await svc.call('POST', url, { token: admin, body: { subject: 'Pay {{invoiceNumber}}' } });
    expect(draft.json().subject).toBe('Pay INV-2026-0042');
    const broken = await svc.call('POST', url, { token: admin, body: { subject: 'Pay {{orderNumber}}' } });
    expect(broken.statusCode).toBe(400);
  });
});

describe('in-app inbox', () => {
  it('lists my notifications, marks them read, and hides another user’s (404)', async ({ svc }) => {
    const me = svc.person();
    const other = svc.person();
    const myToken = await svc.tokenFor(me);
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-i',
        orderNumber: 'ORD-I',
        companyId: me.companyId!,
        userId: me.userId,
      }),
    );
    await svc.deliver(
      svc.event('order.delivered', {
        orderId: 'o-j',
        orderNumber: 'ORD-J',
        companyId: other.companyId!,
        userId: other.userId,
      }),
    );
    const unread = await svc.call('GET', '/notifications?unread=true', { token: myToken });
    expect(unread.statusCode).toBe(200);
    expect(unread.json()).toMatchObject({ total: 1, page: 1, limit: 20 });
    const [item] = unread.json().items;
    expect(item).toMatchObject({ subject: 'Order ORD-I delivered', read: false, readAt: null });

    const theirs = (await svc.call('GET', '/notifications', { token: await svc.tokenFor(other) })).json()
      .items[0];
    const refused = await svc.call('POST', `/notifications/${encodeURIComponent(theirs.id)}/read`, {
      token: myToken,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });

    const read = await svc.call('POST', `/notifications/${encodeURIComponent(item.id)}/read`, {
      token: myToken,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ read: true });
    expect((await svc.call('GET', '/notifications?unread=true', { token: myToken })).json().total).toBe(0);
    expect((await svc.call('GET', '/notifications', { token: myToken })).json().total).toBe(1);
  });
});

describe('development mailbox', () => {
  it('shows what was sent to admins, one message by id, 404 for an unknown id', async ({ svc }) => {
    const admin = await svc.adminToken();
    await svc.deliver(
      svc.event('user.registered', {
        userId: 'u-mb',
        email: 'mb@example.com',
        name: 'Mo',
        companyId: 'c',
        companyName: 'MB',
      }),
    );
    const list = await svc.call('GET', '/admin/mailbox?to=mb@example.com', { token: admin });
    expect(list.statusCode).toBe(200);
    const [message] = list.json().items;
    expect(message).toMatchObject({
      channel: 'email',
      to: 'mb@example.com',
      subject: 'Welcome to B2B Commerce, Mo',
    });
    const one = await svc.call('GET', `/admin/mailbox/${message.id}`, { token: admin });
    expect(one.json()).toEqual(message);
    expect((await svc.call('GET', '/admin/mailbox/no-such-id', { token: admin })).statusCode).toBe(404);
    expect(
      (await svc.call('GET', '/admin/mailbox', { token: await svc.tokenFor(svc.person()) })).statusCode,
    ).toBe(403);
  });
});
