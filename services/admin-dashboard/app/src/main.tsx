import '@b2b/web-kit/ui/styles.css';
import { mountApp, Shell, SignInForm, useSession } from '@b2b/web-kit/ui';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { CompaniesPage } from './companies.tsx';
import { OrdersPage } from './orders.tsx';
import { ProductsPage } from './products.tsx';

// The charting library is most of the dashboard's weight: load it with the sales page only.
const KpiPage = lazy(() => import('./kpi.tsx').then((module) => ({ default: module.KpiPage })));

const nav = [
  { to: '/', label: 'Sales' },
  { to: '/products', label: 'Products' },
  { to: '/orders', label: 'Orders' },
  { to: '/companies', label: 'Companies' },
];

function Dashboard() {
  const { state, signOut } = useSession();
  if (state.status === 'checking') {
    return (
      <p className="notice" role="status">
        Loading…
      </p>
    );
  }
  if (state.status === 'signed-out') return <SignInForm title="Sign in to the back office" />;
  if (!state.user.roles.includes('admin')) {
    return (
      <main id="main" className="notice notice-error" role="alert">
        <p>This account is not a platform administrator.</p>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </main>
    );
  }
  return (
    <Shell appName="B2B Admin" nav={nav}>
      <Routes>
        <Route
          path="/"
          element={
            <Suspense
              fallback={
                <p className="notice" role="status">
                  Loading…
                </p>
              }
            >
              <KpiPage />
            </Suspense>
          }
        />
        <Route path="/products" element={<ProductsPage />} />
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/companies" element={<CompaniesPage />} />
        <Route path="*" element={<p className="notice">This page does not exist.</p>} />
      </Routes>
    </Shell>
  );
}

void mountApp(import.meta.env.BASE_URL, () => (
  // Mounted at /admin/ behind the load balancer (the catalogue's /admin* rule).
  <BrowserRouter basename="/admin">
    <Dashboard />
  </BrowserRouter>
));
