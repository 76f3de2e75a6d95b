/**
 * AWS adapter: email through SES (SendEmail, with the configuration set that publishes bounces and
 * complaints), SMS straight to phone numbers through SNS. Both clients are traced like the event
 * bus's, and make ONE attempt per call: retries are the delivery's, which knows which errors are
 * safe to repeat (channels/port.ts).
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { captureAwsClient } from '@b2b/shared/tracing';
import type { EmailMessage, OutboundTransport, SendReceipt, SmsMessage } from './port.ts';

export interface AwsTransportOptions {
  region?: string;
  /** `Name <address>` or an address of the verified SES identity. */
  from: string;
  /** SES configuration set (event publishing, reputation metrics); required in production. */
  configurationSet?: string;
  /** SMS sender id where the destination country supports one. */
  smsSenderId?: string;
  /** Tests pass mocked clients. */
  ses?: SESClient;
  sns?: SNSClient;
}

export function createAwsTransport(options: AwsTransportOptions): OutboundTransport {
  const region = options.region ? { region: options.region } : {};
  const ses = options.ses ?? captureAwsClient(new SESClient({ ...region, maxAttempts: 1 }));
  const sns = options.sns ?? captureAwsClient(new SNSClient({ ...region, maxAttempts: 1 }));
  return {
    name: 'aws',
    async sendEmail(message: EmailMessage): Promise<SendReceipt> {
      const out = await ses.send(
        new SendEmailCommand({
          Source: options.from,
          Destination: { ToAddresses: [message.to] },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        }),
      );
      return { providerMessageId: out.MessageId ?? '' };
    },
    async sendSms(message: SmsMessage): Promise<SendReceipt> {
      const out = await sns.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.text,
          MessageAttributes: {
            // Transactional: order and account messages, delivered with priority (docs/deploy.md: spend limit).
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(options.smsSenderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: options.smsSenderId } }
              : {}),
          },
        }),
      );
      return { providerMessageId: out.MessageId ?? '' };
    },
  };
}
