import { Money, type MoneyValue } from '@b2b/web-kit/ui';

export interface TotalsAmounts {
  readonly subtotal: MoneyValue;
  readonly tax: MoneyValue;
  readonly shipping: MoneyValue;
  readonly total: MoneyValue;
}

/** Subtotal, tax, shipping and the total in bold: a cart's, the checkout's and an order's. */
export function Totals({ amounts }: { amounts: TotalsAmounts }) {
  return (
    <dl className="totals">
      <dt>Subtotal</dt>
      <dd>
        <Money value={amounts.subtotal} />
      </dd>
      <dt>Tax</dt>
      <dd>
        <Money value={amounts.tax} />
      </dd>
      <dt>Shipping</dt>
      <dd>
        <Money value={amounts.shipping} />
      </dd>
      <dt>Total</dt>
      <dd>
        <strong>
          <Money value={amounts.total} />
        </strong>
      </dd>
    </dl>
  );
}
