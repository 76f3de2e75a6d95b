/**
 * Each notifying event produces the right messages to the right people, through the real consumer
 * handlers and the development mailbox, with links on PUBLIC_BASE_URL.
 */
import { describe, expect } from 'vitest';
import type { NotificationTestApp } from './support/notification-app.ts';
import { it } from './support/notification-test.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

async function mailTo(svc: NotificationTestApp, to: string) {
  return svc.mongo.db.collection('mailbox').find({ to }).sort({ createdAt: 1 }).toArray();
}

describe('consumers of notifying events', () => {
  it('welcomes a registered user, with a link on the public base URL', async ({ svc }) => {
    const event = svc.event('user.registered', {
      userId: 'u-welcome',
      email: 'new.user@example.com',
      name: 'Nina New',
      companyId: 'c-1',
      companyName: 'Nina GmbH',
    });
    await svc.deliver(event);
    const [mail, ...more] = await mailTo(svc, 'new.user@example.com');
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ channel: 'email', subject: 'Welcome to B2B Commerce, Nina New' });
    expect(mail!.text).toContain('https://shop.example.com/login');
    expect(mail!.html).toContain('<strong>Nina GmbH</strong>');
  });

  it('sends the invitation and the reset link with their tokens, URL-encoded', async ({ svc }) => {
    await svc.deliver(
      svc.event('user.invited', {
        userId: 'u-inv',
        email: 'invitee@example.com',
        name: 'Ivo',
        companyId: 'c-1',
        companyName: 'Acme',
        invitedBy: 'u-admin',
        setPasswordToken: 'tok_abc/def',
        expiresAt: '2026-12-08T10:00:00.000Z',
      }),
    );
    await svc.deliver(
      svc.event('user.password_reset_requested', {
        userId: 'u-inv',
        email: 'invitee@example.com',
        name: 'Ivo',
        resetToken: 'reset-123',
        expiresAt: '2026-12-01T11:00:00.000Z',
      }),
    );
    const mails = await mailTo(svc, 'invitee@example.com');
    expect(mails.map((m) => m.subject)).toEqual([
      "You're invited to Acme on B2B Commerce",
      'Reset your password',
    ]);
    expect(mails[0]!.text).toContain('https://shop.example.com/set-password?token=tok_abc%2Fdef');
    expect(mails[1]!.text).toContain('https://shop.example.com/reset-password?token=reset-123');
  });

  it('asks the approvers for approval and tells the buyer of the lifecycle, not the other way round', async ({
    svc,
  }) => {
    const buyer = svc.person({ companyRole: 'buyer', phone: null });
    const company = buyer.companyId!;
    const approver = svc.person({ companyId: company, companyRole: 'approver' });
    const companyAdmin = svc.person({ companyId: company, companyRole: 'company_admin' });
    const outsider = svc.person({ companyRole: 'approver' });
    const ref = { orderId: 'o-42', orderNumber: 'ORD-42', companyId: company, userId: buyer.userId };

    await svc.deliver(svc.event('order.awaiting_approval', { ...ref, total: eur('5000.00') }));
    for (const p of [approver, companyAdmin]) {
      const mails = await mailTo(svc, p.email);
      expect(mails.map((m) => m.subject)).toEqual(['Order ORD-42 needs your approval']);
      expect(mails[0]!.text).toContain('5000.00 EUR');
      expect(mails[0]!.text).toContain(`Hello ${p.name},`);
    }
    expect(await mailTo(svc, buyer.email)).toEqual([]);
    expect(await mailTo(svc, outsider.email)).toEqual([]);

    await svc.deliver(svc.event('order.confirmed', { ...ref, total: eur('5000.00') }));
    await svc.deliver(svc.event('order.shipped', { ...ref, carrier: 'DHL', trackingNumber: 'JD0146' }));
    await svc.deliver(svc.event('order.delivered', ref));
    await svc.deliver(
      svc.event('payment.refunded', { paymentId: 'p-1', orderId: 'o-42', amount: eur('100.5') }),
    );
    const buyerMails = await mailTo(svc, buyer.email);
    expect(buyerMails.map((m) => m.subject)).toEqual([
      'Order ORD-42 confirmed',
      'Order ORD-42 shipped',
      'Order ORD-42 delivered',
      'Refund for order ORD-42',
    ]);
    expect(buyerMails[1]!.text).toContain('DHL, tracking number JD0146');
    expect(buyerMails[3]!.text).toContain('100.50 EUR');
    // The approvers only ever got the approval request.
    expect((await mailTo(svc, approver.email)).length).toBe(1);
  });

  it('tells the buyer of a cancellation and a rejection with the reason', async ({ svc }) => {
    const buyer = svc.person();
    const ref = { orderNumber: 'ORD-7', companyId: buyer.companyId!, userId: buyer.userId };
    await svc.deliver(svc.event('order.cancelled', { ...ref, orderId: 'o-7', reason: 'out_of_stock' }));
    await svc.deliver(svc.event('order.rejected', { ...ref, orderId: 'o-8', reason: 'over budget' }));
    const texts = (await mailTo(svc, buyer.email)).map((m) => m.text);
    expect(texts[0]).toContain('was cancelled (out_of_stock)');
    expect(texts[1]).toContain('was rejected: over budget');
  });

  it('sends invoices to company admins and stock alerts and quote requests to platform admins', async ({
    svc,
  }) => {
    const companyAdmin = svc.person({ companyRole: 'company_admin' });
    const buyer = svc.person({ companyId: companyAdmin.companyId, companyRole: 'buyer' });
    const ops = svc.person({ companyId: null, companyRole: null, admin: true });
    const invoice = {
      invoiceId: 'i-1',
      orderId: 'o-1',
      companyId: companyAdmin.companyId!,
      number: 'INV-1',
      amount: eur('1234.5'),
      dueDate: '2026-12-31T00:00:00.000Z',
    };
    await svc.deliver(svc.event('invoice.issued', invoice));
    await svc.deliver(
      svc.event('invoice.overdue', {
        ...invoice,
        outstanding: eur('1234.5'),
        dueDate: '2026-11-30T00:00:00.000Z',
        daysOverdue: 3,
      }),
    );
    await svc.deliver(svc.event('inventory.low_stock', { sku: 'BOLT-M8', available: 4, threshold: 10 }));
    await svc.deliver(
      svc.event('quote.requested', {
        quoteId: 'q-1',
        number: 'Q-1',
        companyId: buyer.companyId!,
        userId: buyer.userId,
        items: [{ sku: 'BOLT-M8', quantity: 500 }],
      }),
    );
    expect((await mailTo(svc, companyAdmin.email)).map((m) => m.subject)).toEqual([
      'Invoice INV-1: 1234.50 EUR due 2026-12-31',
      'Invoice INV-1 is overdue',
    ]);
    expect(await mailTo(svc, buyer.email)).toEqual([]);
    const opsMails = await mailTo(svc, ops.email);
    expect(opsMails.map((m) => m.subject)).toEqual(['Low stock: BOLT-M8 (4 left)', 'Quote Q-1 requested']);
    expect(opsMails[1]!.text).toContain('https://shop.example.com/admin/quotes/q-1');
  });

  it('tells the requester of an offer, and both sides of an expiry', async ({ svc }) => {
    const buyer = svc.person();
    const ops = svc.person({ companyId: null, companyRole: null, admin: true });
    const quote = { quoteId: 'q-9', number: 'Q-9', companyId: buyer.companyId!, userId: buyer.userId };
    await svc.deliver(
      svc.event('quote.offered', {
        ...quote,
        items: [{ sku: 'A', quantity: 1, unitPrice: eur('990') }],
        total: eur('990'),
        validUntil: '2026-12-15T00:00:00.000Z',
      }),
    );
    await svc.deliver(svc.event('quote.expired', { ...quote, validUntil: '2026-12-15T00:00:00.000Z' }));
    expect((await mailTo(svc, buyer.email)).map((m) => m.subject)).toEqual([
      'Your quote Q-9: 990.00 EUR',
      'Quote Q-9 expired',
    ]);
    const opsMail = await mailTo(svc, ops.email);
    expect(opsMail.map((m) => m.subject)).toContain('Quote Q-9 expired');
    expect(opsMail.map((m) => m.subject)).not.toContain('Your quote Q-9: 990.00 EUR');
  });

  it('tells the other side of a quote-thread message: staff of a buyer message, the requester of a staff one', async ({
    svc,
  }) => {
    const buyer = svc.person();
    const ops = svc.person({ companyId: null, companyRole: null, admin: true });
    const quote = { quoteId: 'q-5', number: 'Q-5', companyId: buyer.companyId!, userId: buyer.userId };
    await svc.deliver(
      svc.event('quote.message_posted', {
        ...quote,
        messageId: 'm-1',
        side: 'buyer',
        authorId: buyer.userId,
        excerpt: 'Can you do 5% off for 200 pieces?',
      }),
    );
    const opsMail = await mailTo(svc, ops.email);
    expect(opsMail.map((m) => m.subject)).toEqual(['New message on quote Q-5']);
    expect(opsMail[0]!.text).toContain('Can you do 5% off for 200 pieces?');
    expect(opsMail[0]!.text).toContain('https://shop.example.com/admin/quotes/q-5');
    expect(await mailTo(svc, buyer.email)).toEqual([]);

    await svc.deliver(
      svc.event('quote.message_posted', {
        ...quote,
        messageId: 'm-2',
        side: 'supplier',
        authorId: ops.userId,
        excerpt: 'Yes, 4% for 200.',
      }),
    );
    const buyerMail = await mailTo(svc, buyer.email);
    expect(buyerMail.map((m) => m.subject)).toEqual(['New message on quote Q-5']);
    expect(buyerMail[0]!.text).toContain('https://shop.example.com/quotes/q-5');
    expect((await mailTo(svc, ops.email)).length).toBe(1);
  });

  it('escapes a company name with <script> in the HTML part and keeps it readable in the text', async ({
    svc,
  }) => {
    const evil = '<script>alert("x")</script> & Co';
    await svc.deliver(
      svc.event('user.registered', {
        userId: 'u-evil',
        email: 'evil@example.com',
        name: 'Eve',
        companyId: 'c-evil',
        companyName: evil,
      }),
    );
    const [mail] = await mailTo(svc, 'evil@example.com');
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    // Positive control: the plain-text part is not HTML and shows the name as typed.
    expect(mail!.text).toContain(evil);
  });
});
