/**
 * The pages of a visitor who is not signed in: sign in, register a company, ask for a password
 * reset, and choose a password from an emailed link (a reset, or a member's invitation: both
 * carry a single-use token for POST /auth/password-reset/confirm).
 */
import { ApiClient, Button, ErrorMessage, Field, SignInForm, useSession } from '@b2b/web-kit/ui';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useMemo } from 'react';
import { Form } from 'react-aria-components';
import { Link, Route, Routes, useNavigate, useSearchParams } from 'react-router';
import { apiErrorOf } from '../components/api-error.ts';

/** Calls that need no session; the app's client would try a refresh first. */
function useAnonymousApi(): ApiClient {
  const { config } = useSession();
  return useMemo(() => new ApiClient({ baseUrl: config.apiBaseUrl }), [config.apiBaseUrl]);
}

function AccountPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="sign-in">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

function AccountLinks() {
  return (
    <nav aria-label="Account" className="account-links">
      <Link to="/register">Register your company</Link> ·{' '}
      <Link to="/forgot-password">Forgot your password?</Link>
    </nav>
  );
}

function RegisterPage() {
  const api = useAnonymousApi();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const register = useMutation({
    mutationFn: async (body: Record<string, string>) => {
      await api.request('POST', '/auth/register', body);
      // The browser session is the cookie one: sign in rather than keep the returned tokens.
      await signIn(body.email ?? '', body.password ?? '');
    },
    onSuccess: () => navigate('/'),
  });
  const error = apiErrorOf(register.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body: Record<string, string> = {};
    for (const key of ['companyName', 'name', 'email', 'password', 'phone']) {
      const value = String(data.get(key) ?? '').trim();
      if (value !== '' || key !== 'phone') body[key] = key === 'password' ? String(data.get(key)) : value;
    }
    register.mutate(body);
  };
  return (
    <AccountPage title="Register your company">
      <Form onSubmit={onSubmit}>
        <Field
          name="companyName"
          label="Company name"
          isRequired
          error={error?.fieldMessage('companyName')}
        />
        <Field
          name="name"
          label="Your name"
          isRequired
          autoComplete="name"
          error={error?.fieldMessage('name')}
        />
        <Field
          name="email"
          label="Email"
          type="email"
          isRequired
          autoComplete="username"
          error={error?.fieldMessage('email')}
        />
        <Field
          name="password"
          label="Password (at least 10 characters)"
          type="password"
          isRequired
          autoComplete="new-password"
          error={error?.fieldMessage('password')}
        />
        <Field
          name="phone"
          label="Phone (optional)"
          autoComplete="tel"
          error={error?.fieldMessage('phone')}
        />
        {register.isError && !error?.fieldErrors.length && <ErrorMessage error={register.error} />}
        <Button type="submit" isDisabled={register.isPending}>
          {register.isPending ? 'Registering…' : 'Register'}
        </Button>
      </Form>
      <p>
        Already registered? <Link to="/">Sign in</Link>
      </p>
    </AccountPage>
  );
}

function ForgotPasswordPage() {
  const api = useAnonymousApi();
  const request = useMutation({
    mutationFn: (email: string) => api.request('POST', '/auth/password-reset', { email }),
  });
  const error = apiErrorOf(request.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    request.mutate(String(new FormData(event.currentTarget).get('email') ?? '').trim());
  };
  return (
    <AccountPage title="Reset your password">
      {request.isSuccess ? (
        <p role="status">
          If an account uses that address, we have emailed it a link to choose a new password.
        </p>
      ) : (
        <Form onSubmit={onSubmit}>
          <Field name="email" label="Email" type="email" isRequired error={error?.fieldMessage('email')} />
          {request.isError && !error?.fieldErrors.length && <ErrorMessage error={request.error} />}
          <Button type="submit" isDisabled={request.isPending}>
            Email me a link
          </Button>
        </Form>
      )}
      <p>
        <Link to="/">Back to sign in</Link>
      </p>
    </AccountPage>
  );
}

function ChoosePasswordPage({ title }: { title: string }) {
  const api = useAnonymousApi();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useMutation({
    mutationFn: (newPassword: string) =>
      api.request('POST', '/auth/password-reset/confirm', { token, newPassword }),
  });
  const error = apiErrorOf(confirm.error);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    confirm.mutate(String(new FormData(event.currentTarget).get('newPassword') ?? ''));
  };
  if (!token) {
    return (
      <AccountPage title={title}>
        <p className="notice notice-error" role="alert">
          This link is incomplete. Open the link from the email again.
        </p>
      </AccountPage>
    );
  }
  return (
    <AccountPage title={title}>
      {confirm.isSuccess ? (
        <p role="status">
          Your password is set. <Link to="/">Sign in</Link>
        </p>
      ) : (
        <Form onSubmit={onSubmit}>
          <Field
            name="newPassword"
            label="New password (at least 10 characters)"
            type="password"
            isRequired
            autoComplete="new-password"
            error={error?.fieldMessage('newPassword')}
          />
          {confirm.isError && !error?.fieldMessage('newPassword') && <ErrorMessage error={confirm.error} />}
          <Button type="submit" isDisabled={confirm.isPending}>
            Set password
          </Button>
        </Form>
      )}
    </AccountPage>
  );
}

export function SignedOutApp() {
  return (
    <Routes>
      <Route path="/register" element={<RegisterPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/reset-password" element={<ChoosePasswordPage title="Choose a new password" />} />
      <Route path="/set-password" element={<ChoosePasswordPage title="Welcome: choose your password" />} />
      <Route
        path="*"
        element={
          <>
            <SignInForm title="Sign in to your company account" />
            <AccountLinks />
          </>
        }
      />
    </Routes>
  );
}
