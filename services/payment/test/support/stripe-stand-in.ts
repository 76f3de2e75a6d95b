/**
 * A local HTTP stand-in for the few Stripe endpoints the adapter calls, so the real `stripe`
 * package is exercised (form encoding, auth header, idempotency keys, error mapping) without the
 * internet. Like Stripe, a repeated Idempotency-Key returns the first response.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface RecordedRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface StripeStandIn {
  url: string;
  requests: RecordedRequest[];
  /** The next `n` requests answer 500 (an outage). */
  failNext(n: number): void;
  close(): Promise<void>;
}

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  capture_method: string;
  metadata: Record<string, string>;
  last_payment_error: null | { decline_code: string };
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      text += c;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });

const cardError = (declineCode: string, intent: Intent) => ({
  status: 402,
  body: {
    error: {
      type: 'card_error',
      code: 'card_declined',
      decline_code: declineCode,
      message: 'Your card was declined.',
      payment_intent: intent,
    },
  },
});

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const intents = new Map<string, Intent>();
  const replies = new Map<string, { status: number; body: unknown }>();
  const requests: RecordedRequest[] = [];
  let failures = 0;

  function handle(
    method: string,
    path: string,
    form: Record<string, string>,
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const token = form['payment_method_data[card][token]'] ?? form['payment_method'] ?? '';
      const intent: Intent = {
        id: `pi_${randomUUID().replace(/-/g, '')}`,
        object: 'payment_intent',
        amount: Number(form['amount']),
        amount_received: 0,
        currency: String(form['currency']),
        status: 'requires_capture',
        capture_method: String(form['capture_method']),
        metadata: { orderId: String(form['metadata[orderId]']) },
        last_payment_error: null,
      };
      intents.set(intent.id, intent);
      if (token === 'tok_chargeDeclined') {
        intent.status = 'requires_payment_method';
        return cardError('generic_decline', intent);
      }
      if (token === 'tok_insufficientFunds') {
        intent.status = 'requires_payment_method';
        return cardError('insufficient_funds', intent);
      }
      if (token === 'tok_threeDSecure') intent.status = 'requires_action';
      return { status: 200, body: intent };
    }
    const match = /^\/v1\/payment_intents\/([^/]+)\/(capture|cancel)$/.exec(path);
    if (method === 'POST' && match) {
      const intent = intents.get(match[1] ?? '');
      if (!intent)
        return {
          status: 404,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: 'No such payment_intent',
            },
          },
        };
      if (match[2] === 'capture') {
        if (intent.status !== 'requires_capture') {
          return {
            status: 400,
            body: {
              error: {
                type: 'invalid_request_error',
                code: 'payment_intent_unexpected_state',
                message: 'bad state',
              },
            },
          };
        }
        intent.status = 'succeeded';
        intent.amount_received = Number(form['amount_to_capture'] ?? intent.amount);
      } else {
        intent.status = 'canceled';
      }
      return { status: 200, body: intent };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(String(form['payment_intent']));
      if (intent?.status !== 'succeeded') {
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'charge_not_refundable',
              message: 'not refundable',
            },
          },
        };
      }
      return {
        status: 200,
        body: {
          id: `re_${randomUUID().replace(/-/g, '')}`,
          object: 'refund',
          amount: Number(form['amount']),
          status: 'succeeded',
          payment_intent: intent.id,
        },
      };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `no route ${method} ${path}` } },
    };
  }

  const server: Server = createServer(async (req, res) => {
    const text = await readBody(req);
    const form = Object.fromEntries(new URLSearchParams(text));
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    requests.push({
      method: req.method ?? '',
      path,
      idempotencyKey,
      authorization: req.headers.authorization,
      form,
    });
    let reply: { status: number; body: unknown };
    if (failures > 0) {
      failures--;
      reply = { status: 500, body: { error: { type: 'api_error', message: 'stand-in outage' } } };
    } else if (idempotencyKey && replies.has(idempotencyKey)) {
      reply = replies.get(idempotencyKey) as { status: number; body: unknown };
    } else {
      reply = handle(req.method ?? '', path, form);
      if (idempotencyKey) replies.set(idempotencyKey, reply);
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` });
    res.end(JSON.stringify(reply.body));
  });

  // A port of this worktree's range (21800-21899), the first one free.
  let port = 21810;
  for (; ; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) break;
    if (port >= 21899) throw new Error('no free port in 21810-21899');
  }
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n) {
      failures = n;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
