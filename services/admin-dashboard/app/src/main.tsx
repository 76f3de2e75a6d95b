import '@b2b/web-kit/ui/styles.css';
import { mountApp, Shell, SignInForm, useSession } from '@b2b/web-kit/ui';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';

/**
 * Every screen is its own chunk, loaded when first visited: the first load carries React, the
 * router, Query and React Aria only, and the charting library comes with the sales page alone.
 */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const SalesPage = screen(() => import('./pages/sales.tsx'), 'SalesPage');
const ProductsPage = screen(() => import('./pages/products/list.tsx'), 'ProductsPage');
const NewProductPage = screen(() => import('./pages/products/editor.tsx'), 'NewProductPage');
const EditProductPage = screen(() => import('./pages/products/editor.tsx'), 'EditProductPage');
const ImportProductsPage = screen(() => import('./pages/products/import.tsx'), 'ImportProductsPage');
const CategoriesPage = screen(() => import('./pages/categories.tsx'), 'CategoriesPage');
const PriceListsPage = screen(() => import('./pages/price-lists.tsx'), 'PriceListsPage');
const PriceListPage = screen(() => import('./pages/price-lists.tsx'), 'PriceListPage');
const InventoryPage = screen(() => import('./pages/inventory.tsx'), 'InventoryPage');
const OrdersPage = screen(() => import('./pages/orders/list.tsx'), 'OrdersPage');
const OrderPage = screen(() => import('./pages/orders/detail.tsx'), 'OrderPage');
const QuotesPage = screen(() => import('./pages/quotes.tsx'), 'QuotesPage');
const QuotePage = screen(() => import('./pages/quotes.tsx'), 'QuotePage');
const CompaniesPage = screen(() => import('./pages/companies.tsx'), 'CompaniesPage');
const CompanyPage = screen(() => import('./pages/companies.tsx'), 'CompanyPage');
const UsersPage = screen(() => import('./pages/users.tsx'), 'UsersPage');
const TemplatesPage = screen(() => import('./pages/templates.tsx'), 'TemplatesPage');
const TemplatePage = screen(() => import('./pages/templates.tsx'), 'TemplatePage');
const DeliveriesPage = screen(() => import('./pages/deliveries.tsx'), 'DeliveriesPage');
const MailboxPage = screen(() => import('./pages/mailbox.tsx'), 'MailboxPage');
const MailboxMessagePage = screen(() => import('./pages/mailbox.tsx'), 'MailboxMessagePage');
const DeadLettersPage = screen(() => import('./pages/dead-letters.tsx'), 'DeadLettersPage');

const nav = [
  { to: '/', label: 'Sales' },
  { to: '/products', label: 'Products' },
  { to: '/categories', label: 'Categories' },
  { to: '/price-lists', label: 'Price lists' },
  { to: '/inventory', label: 'Inventory' },
  { to: '/orders', label: 'Orders' },
  { to: '/quotes?status=requested', label: 'Quotes' },
  { to: '/companies', label: 'Companies' },
  { to: '/users', label: 'Users' },
  { to: '/templates', label: 'Templates' },
  { to: '/deliveries', label: 'Delivery log' },
  { to: '/mailbox', label: 'Mailbox' },
  { to: '/dead-letters', label: 'Dead letters' },
];

const routes: readonly [string, ComponentType][] = [
  ['/', SalesPage],
  ['/products', ProductsPage],
  ['/products/new', NewProductPage],
  ['/products/import', ImportProductsPage],
  ['/products/:id', EditProductPage],
  ['/categories', CategoriesPage],
  ['/price-lists', PriceListsPage],
  ['/price-lists/:id', PriceListPage],
  ['/inventory', InventoryPage],
  ['/orders', OrdersPage],
  ['/orders/:id', OrderPage],
  ['/quotes', QuotesPage],
  ['/quotes/:id', QuotePage],
  ['/companies', CompaniesPage],
  ['/companies/:id', CompanyPage],
  ['/users', UsersPage],
  ['/templates', TemplatesPage],
  ['/templates/edit', TemplatePage],
  ['/deliveries', DeliveriesPage],
  ['/mailbox', MailboxPage],
  ['/mailbox/:id', MailboxMessagePage],
  ['/dead-letters', DeadLettersPage],
];

function Loading(): ReactNode {
  return (
    <p className="notice" role="status">
      Loading…
    </p>
  );
}

function Dashboard() {
  const { state, signOut } = useSession();
  if (state.status === 'checking') return <Loading />;
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
      <Suspense fallback={<Loading />}>
        <Routes>
          {routes.map(([path, Page]) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<p className="notice">This page does not exist.</p>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

void mountApp(import.meta.env.BASE_URL, () => (
  // Mounted at /admin/ behind the load balancer (the catalogue's /admin* rule).
  <BrowserRouter basename="/admin">
    <Dashboard />
  </BrowserRouter>
));
