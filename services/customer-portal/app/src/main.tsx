import '@b2b/web-kit/ui/styles.css';
import { mountApp, Shell, SignInForm, useSession } from '@b2b/web-kit/ui';
import { BrowserRouter, Route, Routes } from 'react-router';
import { CartPage } from './pages/cart.tsx';
import { CatalogPage } from './pages/catalog.tsx';
import { CheckoutPage } from './pages/checkout.tsx';
import { OrderPage, OrdersPage } from './pages/orders.tsx';
import { ProductPage } from './pages/product.tsx';
import { SearchPage } from './pages/search.tsx';

const nav = [
  { to: '/', label: 'Catalog' },
  { to: '/search', label: 'Search' },
  { to: '/cart', label: 'Cart' },
  { to: '/orders', label: 'Orders' },
];

function Portal() {
  const { state } = useSession();
  if (state.status === 'checking') {
    return (
      <p className="notice" role="status">
        Loading…
      </p>
    );
  }
  if (state.status === 'signed-out') return <SignInForm title="Sign in to your company account" />;
  return (
    <Shell appName="B2B Shop" nav={nav}>
      <Routes>
        <Route path="/" element={<CatalogPage />} />
        <Route path="/categories/:slug" element={<CatalogPage />} />
        <Route path="/products/:idOrSku" element={<ProductPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/cart" element={<CartPage />} />
        <Route path="/checkout" element={<CheckoutPage />} />
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/orders/:id" element={<OrderPage />} />
        <Route path="*" element={<p className="notice">This page does not exist.</p>} />
      </Routes>
    </Shell>
  );
}

void mountApp(import.meta.env.BASE_URL, () => (
  <BrowserRouter>
    <Portal />
  </BrowserRouter>
));
