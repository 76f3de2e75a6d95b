/**
 * Phone numbers as users type them (`+49 30 1234567`, `+1 (555) 010-9999`) → E.164 (`+49301234567`),
 * or null when it is not one: SNS only takes E.164, and a local number without country code
 * would be dialled in whatever country SNS guesses.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

export function toE164(phone: string): string | null {
  const compact = phone.replace(/[\s().\-/]/g, '');
  return E164.test(compact) ? compact : null;
}
