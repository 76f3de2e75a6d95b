/**
 * The seeded German email templates, for what customers receive (account, orders, refunds,
 * invoices, quotes). Messages only the supplier's staff receive (low stock, quote requests and
 * answers) stay English: a missing entry falls back to `en` (source.ts `localeChain`).
 */
import type { NotificationKindKey } from '../domain/kinds.ts';
import { page } from './layout.ts';
import type { EmailTemplateSource } from './source.ts';

const hello = 'Hallo {{recipientName}},';
const orderLink = '<p><a href="{{orderUrl}}">Bestellung ansehen</a></p>';

export const germanTemplates: Partial<Record<NotificationKindKey, EmailTemplateSource>> = {
  'user.registered': {
    subject: 'Willkommen bei B2B Commerce, {{recipientName}}',
    text: `${hello}\n\nIhr Konto für {{companyName}} ist bereit. Anmelden: {{loginUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihr Konto für <strong>{{companyName}}</strong> ist bereit.</p><p><a href="{{loginUrl}}">Anmelden</a></p>`,
    ),
  },
  'user.invited': {
    subject: 'Einladung zu {{companyName}} auf B2B Commerce',
    text: `${hello}\n\nSie wurden eingeladen, für {{companyName}} einzukaufen. Wählen Sie Ihr Passwort unter {{setPasswordUrl}} (gültig bis {{expiresAt}}).\n`,
    html: page(
      `<p>${hello}</p><p>Sie wurden eingeladen, für <strong>{{companyName}}</strong> einzukaufen.</p><p><a href="{{setPasswordUrl}}">Passwort wählen</a> (gültig bis {{expiresAt}}).</p>`,
    ),
  },
  'user.password_reset_requested': {
    subject: 'Passwort zurücksetzen',
    text: `${hello}\n\nSetzen Sie Ihr Passwort unter {{resetUrl}} zurück (gültig bis {{expiresAt}}). Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.\n`,
    html: page(
      `<p>${hello}</p><p><a href="{{resetUrl}}">Passwort zurücksetzen</a> (gültig bis {{expiresAt}}).</p><p>Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.</p>`,
    ),
  },
  'order.placed': {
    subject: 'Bestellung {{orderNumber}} eingegangen',
    text: `${hello}\n\nwir haben Ihre Bestellung {{orderNumber}} ({{total}}) erhalten. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>wir haben Ihre Bestellung <strong>{{orderNumber}}</strong> ({{total}}) erhalten.</p>${orderLink}`,
    ),
  },
  'order.awaiting_approval': {
    subject: 'Bestellung {{orderNumber}} wartet auf Ihre Freigabe',
    text: `${hello}\n\ndie Bestellung {{orderNumber}} ({{total}}) wartet auf Ihre Freigabe: {{approvalUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>die Bestellung <strong>{{orderNumber}}</strong> ({{total}}) wartet auf Ihre Freigabe.</p><p><a href="{{approvalUrl}}">Bestellung prüfen</a></p>`,
    ),
  },
  'order.confirmed': {
    subject: 'Bestellung {{orderNumber}} bestätigt',
    text: `${hello}\n\nIhre Bestellung {{orderNumber}} ({{total}}) ist bestätigt. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihre Bestellung <strong>{{orderNumber}}</strong> ({{total}}) ist bestätigt.</p>${orderLink}`,
    ),
  },
  'order.cancelled': {
    subject: 'Bestellung {{orderNumber}} storniert',
    text: `${hello}\n\nIhre Bestellung {{orderNumber}} wurde storniert ({{reason}}). Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihre Bestellung <strong>{{orderNumber}}</strong> wurde storniert ({{reason}}).</p>${orderLink}`,
    ),
  },
  'order.rejected': {
    subject: 'Bestellung {{orderNumber}} wurde nicht freigegeben',
    text: `${hello}\n\nIhre Bestellung {{orderNumber}} wurde abgelehnt{{#if reason}}: {{reason}}{{/if}}. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihre Bestellung <strong>{{orderNumber}}</strong> wurde abgelehnt{{#if reason}}: {{reason}}{{/if}}.</p>${orderLink}`,
    ),
  },
  'order.shipped': {
    subject: 'Bestellung {{orderNumber}} versandt',
    text: `${hello}\n\nIhre Bestellung {{orderNumber}} ist mit {{carrier}} unterwegs, Sendungsnummer {{trackingNumber}}. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihre Bestellung <strong>{{orderNumber}}</strong> ist mit {{carrier}} unterwegs.</p><p>Sendungsnummer: <strong>{{trackingNumber}}</strong></p>${orderLink}`,
    ),
  },
  'order.delivered': {
    subject: 'Bestellung {{orderNumber}} zugestellt',
    text: `${hello}\n\nIhre Bestellung {{orderNumber}} wurde zugestellt. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>Ihre Bestellung <strong>{{orderNumber}}</strong> wurde zugestellt.</p>${orderLink}`,
    ),
  },
  'payment.refunded': {
    subject: 'Erstattung für Bestellung {{orderNumber}}',
    text: `${hello}\n\nwir haben {{amount}} für die Bestellung {{orderNumber}} erstattet. Details: {{orderUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>wir haben <strong>{{amount}}</strong> für die Bestellung {{orderNumber}} erstattet.</p>${orderLink}`,
    ),
  },
  'invoice.issued': {
    subject: 'Rechnung {{invoiceNumber}}: {{amount}} fällig am {{dueDate}}',
    text: `${hello}\n\ndie Rechnung {{invoiceNumber}} über {{amount}} ist am {{dueDate}} fällig. Rechnungen: {{invoicesUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>die Rechnung <strong>{{invoiceNumber}}</strong> über {{amount}} ist am {{dueDate}} fällig.</p><p><a href="{{invoicesUrl}}">Ihre Rechnungen</a></p>`,
    ),
  },
  'invoice.overdue': {
    subject: 'Rechnung {{invoiceNumber}} ist überfällig',
    text: `${hello}\n\ndie Rechnung {{invoiceNumber}} war am {{dueDate}} fällig (vor {{daysOverdue}} Tagen); offen sind {{outstanding}}. Rechnungen: {{invoicesUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>die Rechnung <strong>{{invoiceNumber}}</strong> war am {{dueDate}} fällig (vor {{daysOverdue}} Tagen); offen sind <strong>{{outstanding}}</strong>.</p><p><a href="{{invoicesUrl}}">Ihre Rechnungen</a></p>`,
    ),
  },
  'quote.offered': {
    subject: 'Ihr Angebot {{quoteNumber}}: {{total}}',
    text: `${hello}\n\nwir bieten {{total}} für die Anfrage {{quoteNumber}}, gültig bis {{validUntil}}: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>wir bieten <strong>{{total}}</strong> für die Anfrage {{quoteNumber}}, gültig bis {{validUntil}}.</p><p><a href="{{quoteUrl}}">Angebot öffnen</a></p>`,
    ),
  },
  'quote.message_posted': {
    subject: 'Neue Nachricht zur Anfrage {{quoteNumber}}',
    text: `${hello}\n\nneue Nachricht zur Anfrage {{quoteNumber}}:\n\n{{excerpt}}\n\nAntworten: {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>neue Nachricht zur Anfrage <strong>{{quoteNumber}}</strong>:</p><blockquote>{{excerpt}}</blockquote><p><a href="{{quoteUrl}}">Zum Verlauf</a></p>`,
    ),
  },
  'quote.expired': {
    subject: 'Angebot {{quoteNumber}} abgelaufen',
    text: `${hello}\n\ndas Angebot {{quoteNumber}} ist am {{validUntil}} abgelaufen. {{quoteUrl}}\n`,
    html: page(
      `<p>${hello}</p><p>das Angebot <strong>{{quoteNumber}}</strong> ist am {{validUntil}} abgelaufen.</p><p><a href="{{quoteUrl}}">Angebot öffnen</a></p>`,
    ),
  },
};
