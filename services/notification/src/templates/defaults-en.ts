/**
 * The seeded English email templates: one per notification kind, in plain text and HTML, complete
 * (every other locale falls back to them; seeds.ts derives the SMS and in-app defaults). Admins
 * override them (PUT /admin/notification-templates/:key); an override is stored, the default stays
 * here, so a new kind or a fixed default ships with the code.
 */
import type { NotificationKindKey } from '../domain/kinds.ts';
import { page } from './layout.ts';
import type { EmailTemplateSource } from './source.ts';

const hello = 'Hello {{recipientName}},';

export const englishTemplates: Record<NotificationKindKey, EmailTemplateSource> = {
  'user.registered': {
    subject: 'Welcome to B2B Commerce, {{recipientName}}',
    text: `${hello}\n\nyour account for {{companyName}} is ready. Sign in at {{loginUrl}}.\n`,
    html: page(
      `<p>${hello}</p><p>your account for <strong>{{companyName}}</strong> is ready.</p><p><a href="{{loginUrl}}">Sign in</a></p>`,
    ),
  },
  'user.invited': {
    subject: "You're invited to {{companyName}} on B2B Commerce",
    text: `${hello}\n\nyou have been invited to buy for {{companyName}}. Choose your password at {{setPasswordUrl}} (valid until {{expiresAt}}).\n`,
    html: page(
      `<p>${hello}</p><p>you have been invited to buy for <strong>{{companyName}}</strong>.</p><p><a href="{{setPasswordUrl}}">Choose your password</a> (valid until {{expiresAt}}).</p>`,
    ),
  },
  'user.password_reset_requested': {
    subject: 'Reset your password',
    text: `${hello}\n\nreset your password at {{resetUrl}} (valid until {{expiresAt}}). If you did not ask for this, ignore this message.\n`,
    html: page(
      `<p>${hello}</p><p><a href="{{resetUrl}}">Reset your password</a> (valid until {{expiresAt}}).</p><p>If you did not ask for this, ignore this message.</p>`,
    ),
  },
  'order.placed': {
    subject: 'Order {{orderNumber}} received',
    text: `${hello}\n\nwe received order {{orderNumber}} ({{total}}). Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>we received order <strong>{{orderNumber}}</strong> ({{total}}).</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'order.awaiting_approval': {
    subject: 'Order {{orderNumber}} needs your approval',
    text: `${hello}\n\norder {{orderNumber}} ({{total}}) waits for your approval: {{approvalUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> ({{total}}) waits for your approval.</p><p><a href="{{approvalUrl}}">Review the order</a></p>`,
    ),
  },
  'order.confirmed': {
    subject: 'Order {{orderNumber}} confirmed',
    text: `${hello}\n\norder {{orderNumber}} ({{total}}) is confirmed. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> ({{total}}) is confirmed.</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'order.cancelled': {
    subject: 'Order {{orderNumber}} cancelled',
    text: `${hello}\n\norder {{orderNumber}} was cancelled ({{reason}}). Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> was cancelled ({{reason}}).</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'order.rejected': {
    subject: 'Order {{orderNumber}} was not approved',
    text: `${hello}\n\norder {{orderNumber}} was rejected{{#if reason}}: {{reason}}{{/if}}. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> was rejected{{#if reason}}: {{reason}}{{/if}}.</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'order.shipped': {
    subject: 'Order {{orderNumber}} shipped',
    text: `${hello}\n\norder {{orderNumber}} is on its way with {{carrier}}, tracking number {{trackingNumber}}. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> is on its way with {{carrier}}.</p><p>Tracking number: <strong>{{trackingNumber}}</strong></p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'order.delivered': {
    subject: 'Order {{orderNumber}} delivered',
    text: `${hello}\n\norder {{orderNumber}} has been delivered. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>order <strong>{{orderNumber}}</strong> has been delivered.</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'payment.refunded': {
    subject: 'Refund for order {{orderNumber}}',
    text: `${hello}\n\nwe refunded {{amount}} for order {{orderNumber}}. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>we refunded <strong>{{amount}}</strong> for order {{orderNumber}}.</p><p><a href="{{orderUrl}}">View the order</a></p>`,
    ),
  },
  'invoice.issued': {
    subject: 'Invoice {{invoiceNumber}}: {{amount}} due {{dueDate}}',
    text: `${hello}\n\ninvoice {{invoiceNumber}} over {{amount}} is due on {{dueDate}}. Invoices: {{invoicesUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>invoice <strong>{{invoiceNumber}}</strong> over {{amount}} is due on {{dueDate}}.</p><p><a href="{{invoicesUrl}}">Your invoices</a></p>`,
    ),
  },
  'invoice.overdue': {
    subject: 'Invoice {{invoiceNumber}} is overdue',
    text: `${hello}\n\ninvoice {{invoiceNumber}} was due on {{dueDate}} ({{daysOverdue}} days ago); {{outstanding}} is outstanding. Invoices: {{invoicesUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>invoice <strong>{{invoiceNumber}}</strong> was due on {{dueDate}} ({{daysOverdue}} days ago); <strong>{{outstanding}}</strong> is outstanding.</p><p><a href="{{invoicesUrl}}">Your invoices</a></p>`,
    ),
  },
  'inventory.low_stock': {
    subject: 'Low stock: {{sku}} ({{available}} left)',
    text: `${hello}\n\n{{sku}} is down to {{available}} (threshold {{threshold}}). Inventory: {{inventoryUrl}}\n`,
    html: page(
      `<p>${hello}</p><p><strong>{{sku}}</strong> is down to {{available}} (threshold {{threshold}}).</p><p><a href="{{inventoryUrl}}">Inventory</a></p>`,
    ),
  },
  'quote.requested': {
    subject: 'Quote {{quoteNumber}} requested',
    text: `${hello}\n\na customer requested quote {{quoteNumber}}: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>a customer requested quote <strong>{{quoteNumber}}</strong>.</p><p><a href="{{quoteUrl}}">Open the quote</a></p>`,
    ),
  },
  'quote.offered': {
    subject: 'Your quote {{quoteNumber}}: {{total}}',
    text: `${hello}\n\nwe offer {{total}} for quote {{quoteNumber}}, valid until {{validUntil}}: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>we offer <strong>{{total}}</strong> for quote {{quoteNumber}}, valid until {{validUntil}}.</p><p><a href="{{quoteUrl}}">Open the quote</a></p>`,
    ),
  },
  'quote.accepted': {
    subject: 'Quote {{quoteNumber}} accepted (order {{orderNumber}})',
    text: `${hello}\n\nquote {{quoteNumber}} was accepted and became order {{orderNumber}}: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>quote <strong>{{quoteNumber}}</strong> was accepted and became order {{orderNumber}}.</p><p><a href="{{quoteUrl}}">Open the quote</a></p>`,
    ),
  },
  'quote.declined': {
    subject: 'Quote {{quoteNumber}} declined',
    text: `${hello}\n\nquote {{quoteNumber}} was declined{{#if reason}}: {{reason}}{{/if}}. {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>quote <strong>{{quoteNumber}}</strong> was declined{{#if reason}}: {{reason}}{{/if}}.</p><p><a href="{{quoteUrl}}">Open the quote</a></p>`,
    ),
  },
  'quote.message_posted': {
    subject: 'New message on quote {{quoteNumber}}',
    text: `${hello}\n\na new message on quote {{quoteNumber}}:\n\n{{excerpt}}\n\nReply: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>a new message on quote <strong>{{quoteNumber}}</strong>:</p><blockquote>{{excerpt}}</blockquote><p><a href="{{quoteUrl}}">Open the thread</a></p>`,
    ),
  },
  'quote.expired': {
    subject: 'Quote {{quoteNumber}} expired',
    text: `${hello}\n\nthe offer for quote {{quoteNumber}} expired on {{validUntil}}. {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>the offer for quote <strong>{{quoteNumber}}</strong> expired on {{validUntil}}.</p><p><a href="{{quoteUrl}}">Open the quote</a></p>`,
    ),
  },
};
