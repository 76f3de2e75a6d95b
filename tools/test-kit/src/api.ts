/** JSON calls through the api-gateway (or a browser platform's load balancer), for test set-up and checks. */

export interface ApiAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of many answer shapes and assert them.
  readonly body: any;
}

export interface ApiCallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A JSON call to `${baseUrl}/api/v1${route}`; the body is parsed when there is one. */
export async function callApi(
  baseUrl: string,
  method: string,
  route: string,
  opts: ApiCallOptions = {},
): Promise<ApiAnswer> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    method,
    headers: {
      ...opts.headers,
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
