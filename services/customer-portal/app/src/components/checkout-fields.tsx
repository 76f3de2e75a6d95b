/**
 * What placing an order asks, wherever it is placed (checkout, accepting a quote's offer): where
 * to deliver (a saved address, the default first, or a different one), PO number, cost center,
 * and invoice (company terms) or card (a token from the payment provider; the sandbox takes
 * tok_visa). The API's field errors show next to the fields (`errorOf` takes the API's field
 * path, e.g. `shippingAddress/city`).
 */
import { Field, QueryView } from '@b2b/web-kit/ui';
import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { Link } from 'react-router';
import type { PostalAddress, SavedAddress } from '../api-types.ts';
import { AddressFields, addressFromForm, formatAddress } from './address-fields.tsx';
import { useAddresses } from './addresses.ts';
import { CostCenterField } from './cost-center-field.tsx';

const NEW_ADDRESS = 'new';

type PaymentMethod = 'invoice' | 'card';

/** The order fields of POST /orders and POST /quotes/:id/accept (the API's CheckoutBody). */
export interface CheckoutDetails {
  readonly shippingAddress: PostalAddress;
  readonly paymentMethod: PaymentMethod;
  readonly poNumber?: string;
  readonly costCenter?: string;
  readonly cardToken?: string;
}

export interface CheckoutChoices {
  readonly addresses: ReturnType<typeof useAddresses>;
  /** A saved address's id, NEW_ADDRESS, or undefined while the saved ones load. */
  readonly chosen: string | undefined;
  readonly choose: (id: string) => void;
  readonly paymentMethod: PaymentMethod;
  readonly setPaymentMethod: (method: PaymentMethod) => void;
}

/** The choices the form's radios hold (the typed fields are read from the submitted form). */
export function useCheckoutChoices(): CheckoutChoices {
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>('invoice');
  const [addressChoice, choose] = useState<string | undefined>();
  const addresses = useAddresses();
  const saved = addresses.data ?? [];
  const chosen =
    addressChoice ??
    saved.find((a) => a.isDefault)?.id ??
    saved[0]?.id ??
    (addresses.isSuccess ? NEW_ADDRESS : undefined);
  return { addresses, chosen, choose, paymentMethod, setPaymentMethod };
}

/** A saved address as an order's shipping address (its id and default flag are the profile's). */
function shippingAddressOf(saved: SavedAddress): PostalAddress {
  return {
    label: saved.label,
    line1: saved.line1,
    ...(saved.line2 ? { line2: saved.line2 } : {}),
    city: saved.city,
    postalCode: saved.postalCode,
    country: saved.country.toUpperCase(),
  };
}

/** The order fields from the submitted form and the choices. */
export function checkoutDetailsOf(data: FormData, choices: CheckoutChoices): CheckoutDetails {
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const saved = choices.addresses.data?.find((a) => a.id === choices.chosen);
  return {
    shippingAddress: saved ? shippingAddressOf(saved) : addressFromForm(data),
    paymentMethod: choices.paymentMethod,
    ...(text('poNumber') ? { poNumber: text('poNumber') } : {}),
    ...(text('costCenter') ? { costCenter: text('costCenter') } : {}),
    ...(choices.paymentMethod === 'card' ? { cardToken: text('cardToken') } : {}),
  };
}

export function CheckoutFields({
  choices,
  errorOf,
}: {
  choices: CheckoutChoices;
  errorOf: (field: string) => string | undefined;
}) {
  return (
    <>
      <fieldset>
        <legend>Shipping address</legend>
        <QueryView query={choices.addresses}>
          {(list) =>
            list.length > 0 ? (
              <RadioGroup value={choices.chosen ?? null} onChange={choices.choose} className="field">
                <Label>Deliver to</Label>
                {list.map((a) => (
                  <Radio key={a.id} value={a.id}>
                    {/* One child: the radio's label lays its children out side by side. */}
                    <span>
                      <strong>{a.label}</strong>: {formatAddress(a)}
                    </span>
                  </Radio>
                ))}
                <Radio value={NEW_ADDRESS}>A different address</Radio>
              </RadioGroup>
            ) : (
              <p className="muted">
                No saved addresses yet (<Link to="/profile">save one in your profile</Link>).
              </p>
            )
          }
        </QueryView>
        {choices.chosen === NEW_ADDRESS && (
          <AddressFields errorOf={(field) => errorOf(`shippingAddress/${field}`)} />
        )}
      </fieldset>
      <Field name="poNumber" label="Purchase order number (optional)" error={errorOf('poNumber')} />
      <CostCenterField error={errorOf('costCenter')} />
      <RadioGroup
        value={choices.paymentMethod}
        onChange={(value) => choices.setPaymentMethod(value === 'card' ? 'card' : 'invoice')}
        className="field"
      >
        <Label>Payment</Label>
        <Radio value="invoice">Invoice (company payment terms)</Radio>
        <Radio value="card">Card</Radio>
      </RadioGroup>
      {choices.paymentMethod === 'card' && (
        <Field
          name="cardToken"
          label="Card token from the payment provider (sandbox: tok_visa)"
          isRequired
          error={errorOf('cardToken')}
        />
      )}
    </>
  );
}
