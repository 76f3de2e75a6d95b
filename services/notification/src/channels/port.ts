/**
 * The outside world of notifications, one port with two adapters chosen in main.ts: SES and SNS in
 * AWS, the development mailbox locally (NOTIFICATION_TRANSPORT).
 */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsMessage {
  /** E.164, checked before the call (phone.ts). */
  to: string;
  text: string;
}

export interface SendReceipt {
  /** SES MessageId / SNS MessageId / mailbox id: kept in the delivery log. */
  providerMessageId: string;
}

export interface OutboundTransport {
  readonly name: 'aws' | 'mailbox';
  sendEmail(message: EmailMessage): Promise<SendReceipt>;
  sendSms(message: SmsMessage): Promise<SendReceipt>;
}

/** Names of AWS errors that mean "not accepted, try again later" (the request was answered). */
const transientAwsErrors = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'ThrottledException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalErrorException',
]);
/** Socket errors before a request reached the provider: nothing was sent, so a retry cannot duplicate. */
const notConnectedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Worth a retry: the provider said "not now" (throttling, 5xx answers) or was never reached.
 * Deliberately NOT retried: timeouts and resets after the request was sent, where the message may
 * have gone out — SES has no idempotency key, so a retry there could send it twice.
 */
export function isRetryableSendError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name && transientAwsErrors.has(e.name)) return true;
  if (e.code && notConnectedCodes.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

/** A reason for the delivery log: the provider's error name and message, never a stack. */
export function sendErrorReason(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500);
  return String(err).slice(0, 500);
}
