/**
 * The one way the apps call the API: same-origin `/api/v1` (from /config.json), the access token
 * from memory (never localStorage: a script injected later could read it), one silent refresh
 * through the HttpOnly cookie when a call answers 401, and problem+json turned into ApiError.
 */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fieldErrors: readonly FieldProblem[] = [],
  ) {
    super(detail);
  }

  /** The API's message for a body field (`/email` → "must be an email"), for the form to show. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === `/${field}`)?.message;
  }
}

/** Sent on every session call: a cross-site form cannot add it (the user service checks it). */
const CSRF_HEADERS = { 'x-csrf': '1' };

export interface AccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface ApiClientOptions {
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** Called when the session ends (refresh refused): the app shows the sign-in page. */
  readonly onSignedOut?: () => void;
}

async function problemOf(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as {
      code?: string;
      detail?: string;
      title?: string;
      errors?: FieldProblem[];
    };
    return new ApiError(
      res.status,
      body.code ?? 'ERROR',
      body.detail ?? body.title ?? res.statusText,
      body.errors,
    );
  } catch {
    return new ApiError(res.status, 'UNAVAILABLE', `The service answered ${res.status}`);
  }
}

/** Bodies sent as they are (uploads, CSV); anything else is sent as JSON. */
function isRawBody(body: unknown): body is FormData | Blob | string {
  return (
    typeof body === 'string' ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    (typeof Blob !== 'undefined' && body instanceof Blob)
  );
}

export class ApiClient {
  private accessToken: string | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<boolean> | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get signedIn(): boolean {
    return this.accessToken !== undefined;
  }

  private remember(token: AccessToken): void {
    this.accessToken = token.accessToken;
    clearTimeout(this.refreshTimer);
    // Refresh a minute before expiry, so a call never waits for an expired token to fail.
    const inMs = Math.max(5, token.expiresIn - 60) * 1000;
    this.refreshTimer = setTimeout(() => void this.refresh(), inMs);
  }

  private forget(): void {
    this.accessToken = undefined;
    clearTimeout(this.refreshTimer);
  }

  async signIn<User>(email: string, password: string): Promise<User> {
    const res = await this.fetch(`${this.options.baseUrl}/auth/session`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...CSRF_HEADERS },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw await problemOf(res);
    const body = (await res.json()) as AccessToken & { user: User };
    this.remember(body);
    return body.user;
  }

  /** Silent refresh with the cookie; concurrent callers share one request (the cookie rotates). */
  refresh(): Promise<boolean> {
    this.refreshing ??= (async () => {
      try {
        const res = await this.fetch(`${this.options.baseUrl}/auth/session/refresh`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: CSRF_HEADERS,
        });
        if (!res.ok) {
          this.forget();
          if (res.status === 401) this.options.onSignedOut?.();
          return false;
        }
        this.remember((await res.json()) as AccessToken);
        return true;
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  async signOut(everywhere = false): Promise<void> {
    const headers: Record<string, string> = { ...CSRF_HEADERS };
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    this.forget();
    await this.fetch(`${this.options.baseUrl}/auth/session${everywhere ? '?everywhere=true' : ''}`, {
      method: 'DELETE',
      credentials: 'same-origin',
      headers,
    });
    this.options.onSignedOut?.();
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    const raw = isRawBody(body);
    const send = () => {
      const headers: Record<string, string> = { ...extraHeaders };
      // A raw body keeps the caller's content-type (text/csv); FormData gets the browser's boundary.
      if (body !== undefined && !raw) headers['content-type'] = 'application/json';
      if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
      return this.fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      });
    };
    let res: Response;
    try {
      res = await send();
      if (res.status === 401 && this.accessToken && (await this.refresh())) res = await send();
    } catch {
      throw new ApiError(0, 'NETWORK', 'The platform cannot be reached');
    }
    if (res.status === 204) return undefined as T;
    if (!res.ok) throw await problemOf(res);
    return (await res.json()) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
}

export interface RuntimeConfig {
  readonly apiBaseUrl: string;
  readonly environment: string;
}

/** `/config.json` next to index.html (the base path of the app). */
export async function loadRuntimeConfig(basePath: string): Promise<RuntimeConfig> {
  const res = await fetch(`${basePath}config.json`, { cache: 'no-cache' });
  if (!res.ok) throw new Error(`config.json answered ${res.status}`);
  return (await res.json()) as RuntimeConfig;
}
