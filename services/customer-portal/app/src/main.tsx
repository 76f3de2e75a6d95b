import '@b2b/web-kit/ui/styles.css';
import './portal.css';
import { mountApp, type NavItem, Shell, useSession } from '@b2b/web-kit/ui';
import { type ComponentType, lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { preventInlinePressStyle } from './csp-safe-press.ts';
import { SignedOutApp } from './pages/account-access.tsx';
import { CartPage } from './pages/cart.tsx';
import { CatalogPage } from './pages/catalog.tsx';
import { useUnreadCount } from './pages/notifications-count.ts';
import { OrderPage, OrdersPage } from './pages/orders.tsx';
import { ProductPage } from './pages/product.tsx';

/**
 * Pages off the first screen load on demand: the catalog (the first screen) is interactive sooner,
 * and a buyer who never opens the members page never downloads it.
 */
const ApprovalsPage = lazy(() => import('./pages/approvals.tsx').then((m) => ({ default: m.ApprovalsPage })));
const CheckoutPage = lazy(() => import('./pages/checkout.tsx').then((m) => ({ default: m.CheckoutPage })));
const InvoicesPage = lazy(() => import('./pages/invoices.tsx').then((m) => ({ default: m.InvoicesPage })));
const MembersPage = lazy(() => import('./pages/members.tsx').then((m) => ({ default: m.MembersPage })));
const NotificationsPage = lazy(() =>
  import('./pages/notifications.tsx').then((m) => ({ default: m.NotificationsPage })),
);
const ProfilePage = lazy(() => import('./pages/profile.tsx').then((m) => ({ default: m.ProfilePage })));
const QuickOrderPage = lazy(() =>
  import('./pages/quick-order.tsx').then((m) => ({ default: m.QuickOrderPage })),
);
const SearchPage = lazy(() => import('./pages/search.tsx').then((m) => ({ default: m.SearchPage })));
const lazyPage = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const ApprovalRulesPage = lazyPage(() => import('./pages/approval-rules.tsx'), 'ApprovalRulesPage');
const BudgetsPage = lazyPage(() => import('./pages/budgets.tsx'), 'BudgetsPage');
const CostCentersPage = lazyPage(() => import('./pages/cost-centers.tsx'), 'CostCentersPage');
const QuotePage = lazyPage(() => import('./pages/quote.tsx'), 'QuotePage');
const QuotesPage = lazyPage(() => import('./pages/quotes.tsx'), 'QuotesPage');
const RequestQuotePage = lazyPage(() => import('./pages/quotes.tsx'), 'RequestQuotePage');
const ShoppingListPage = lazyPage(() => import('./pages/shopping-lists.tsx'), 'ShoppingListPage');
const ShoppingListsPage = lazyPage(() => import('./pages/shopping-lists.tsx'), 'ShoppingListsPage');

/** What each company role sees in the navigation (the API enforces the same on every call). */
function navFor(companyRole: string | null, unread: number | undefined): NavItem[] {
  const canApprove = companyRole === 'approver' || companyRole === 'company_admin';
  return [
    { to: '/', label: 'Catalog' },
    { to: '/search', label: 'Search' },
    { to: '/quick-order', label: 'Quick order' },
    { to: '/cart', label: 'Cart' },
    { to: '/orders', label: 'Orders' },
    { to: '/quotes', label: 'Quotes' },
    { to: '/shopping-lists', label: 'Lists' },
    { to: '/budget', label: 'Budget' },
    ...(canApprove ? [{ to: '/approvals', label: 'Approvals' }] : []),
    ...(companyRole === 'company_admin'
      ? [
          { to: '/invoices', label: 'Invoices' },
          { to: '/members', label: 'Members' },
          { to: '/approval-rules', label: 'Approval rules' },
          { to: '/cost-centers', label: 'Cost centers' },
        ]
      : []),
    { to: '/notifications', label: unread ? `Notifications (${unread} unread)` : 'Notifications' },
    { to: '/profile', label: 'Profile' },
  ];
}

function SignedInApp({ companyRole }: { companyRole: string | null }) {
  const unread = useUnreadCount();
  return (
    <Shell appName="B2B Shop" nav={navFor(companyRole, unread)}>
      <Suspense
        fallback={
          <p className="notice" role="status">
            Loading…
          </p>
        }
      >
        <Routes>
          <Route path="/" element={<CatalogPage />} />
          <Route path="/categories/:slug" element={<CatalogPage />} />
          <Route path="/products/:idOrSku" element={<ProductPage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/quick-order" element={<QuickOrderPage />} />
          <Route path="/cart" element={<CartPage />} />
          <Route path="/checkout" element={<CheckoutPage />} />
          <Route path="/orders" element={<OrdersPage />} />
          <Route path="/orders/:id" element={<OrderPage />} />
          <Route path="/quotes" element={<QuotesPage />} />
          <Route path="/quotes/new" element={<RequestQuotePage />} />
          <Route path="/quotes/:id" element={<QuotePage />} />
          <Route path="/shopping-lists" element={<ShoppingListsPage />} />
          <Route path="/shopping-lists/:id" element={<ShoppingListPage />} />
          <Route path="/budget" element={<BudgetsPage />} />
          <Route path="/approval-rules" element={<ApprovalRulesPage />} />
          <Route path="/cost-centers" element={<CostCentersPage />} />
          <Route path="/approvals" element={<ApprovalsPage />} />
          <Route path="/invoices" element={<InvoicesPage />} />
          <Route path="/members" element={<MembersPage />} />
          <Route path="/notifications" element={<NotificationsPage />} />
          <Route path="/profile" element={<ProfilePage />} />
          <Route path="*" element={<p className="notice">This page does not exist.</p>} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

function Portal() {
  const { state } = useSession();
  if (state.status === 'checking') {
    return (
      <p className="notice" role="status">
        Loading…
      </p>
    );
  }
  if (state.status === 'signed-out') return <SignedOutApp />;
  return <SignedInApp companyRole={state.user.companyRole} />;
}

preventInlinePressStyle();
void mountApp(import.meta.env.BASE_URL, () => (
  <BrowserRouter>
    <Portal />
  </BrowserRouter>
));
