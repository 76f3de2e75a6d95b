/**
 * VAT for a buyer company, from the per-country table in tax-rates.json. The buyer's country (its
 * seat, from the company.updated snapshot) picks the rate; a company whose country is not known yet
 * is taxed as a domestic sale. Reverse charge: an EU business buyer with a VAT id in another EU
 * country than the supplier's pays no VAT here, and the order says why.
 */
import table from './tax-rates.json' with { type: 'json' };

export interface TaxBuyer {
  country: string | null;
  vatId: string | null;
}

export interface TaxTreatment {
  /** Percent as a decimal string ('19', '8.1', '0'). */
  rate: string;
  /** Printed on carts and orders when the rate is not the plain one. */
  note: string | null;
  reverseCharge: boolean;
  /** The country whose rate applied. */
  country: string;
}

const eu = new Set(table.euMembers);
const rates: Record<string, string> = table.standardRates;

export const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC)';
export const EXPORT_NOTE = 'Export outside the EU: no VAT charged';

export const DEFAULT_SUPPLIER_COUNTRY = table.supplierDefaultCountry;

export function isKnownCountry(country: string): boolean {
  return country in rates;
}

export function taxTreatment(buyer: TaxBuyer, supplierCountry: string): TaxTreatment {
  const country = buyer.country ?? supplierCountry;
  if (
    buyer.vatId &&
    eu.has(country) &&
    eu.has(supplierCountry) &&
    country !== supplierCountry &&
    // A VAT id carries its country's prefix (Greece uses EL); one from elsewhere proves nothing.
    buyer.vatId.startsWith(country === 'GR' ? 'EL' : country)
  ) {
    return { rate: '0', note: REVERSE_CHARGE_NOTE, reverseCharge: true, country };
  }
  const rate = rates[country];
  if (rate === undefined) return { rate: '0', note: EXPORT_NOTE, reverseCharge: false, country };
  return { rate, note: null, reverseCharge: false, country };
}
