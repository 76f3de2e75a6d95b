import '@b2b/web-kit/ui/styles.css';
import './portal.css';
import { mountApp, type NavItem, Shell, useSession } from '@b2b/web-kit/ui';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignedOutApp } from './pages/account-access.tsx';
import { ApprovalRulesPage } from './pages/approval-rules.tsx';
import { ApprovalsPage } from './pages/approvals.tsx';
import { BudgetsPage } from './pages/budgets.tsx';
import { CartPage } from './pages/cart.tsx';
import { CatalogPage } from './pages/catalog.tsx';
import { CheckoutPage } from './pages/checkout.tsx';
import { CostCentersPage } from './pages/cost-centers.tsx';
import { InvoicesPage } from './pages/invoices.tsx';
import { MembersPage } from './pages/members.tsx';
import { NotificationsPage, useUnreadCount } from './pages/notifications.tsx';
import { OrderPage, OrdersPage } from './pages/orders.tsx';
import { ProductPage } from './pages/product.tsx';
import { ProfilePage } from './pages/profile.tsx';
import { QuickOrderPage } from './pages/quick-order.tsx';
import { QuotePage } from './pages/quote.tsx';
import { QuotesPage, RequestQuotePage } from './pages/quotes.tsx';
import { SearchPage } from './pages/search.tsx';
import { ShoppingListPage, ShoppingListsPage } from './pages/shopping-lists.tsx';

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

void mountApp(import.meta.env.BASE_URL, () => (
  <BrowserRouter>
    <Portal />
  </BrowserRouter>
));
