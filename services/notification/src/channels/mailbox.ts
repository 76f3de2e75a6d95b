/** Local adapter: what would have gone to SES or SNS lands in the development mailbox collection. */
import { randomUUID } from 'node:crypto';
import type { MailboxRepository } from '../repositories/mailbox.ts';
import type { OutboundTransport } from './port.ts';

export function createMailboxTransport(mailbox: MailboxRepository, now: () => Date): OutboundTransport {
  return {
    name: 'mailbox',
    async sendEmail(message) {
      const id = randomUUID();
      await mailbox.add({ _id: id, channel: 'email', ...message, createdAt: now() });
      return { providerMessageId: id };
    },
    async sendSms(message) {
      const id = randomUUID();
      await mailbox.add({
        _id: id,
        channel: 'sms',
        to: message.to,
        subject: null,
        text: message.text,
        html: null,
        createdAt: now(),
      });
      return { providerMessageId: id };
    },
  };
}
