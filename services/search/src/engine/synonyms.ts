/**
 * The B2B synonym table: words a buyer uses interchangeably for the same thing. Each group maps to
 * its first word. Only true equivalents belong here: "screw" and "bolt" are different products and
 * stay distinct, and so do sizes ("m8" is not "m10"). Case and accents are folded before lookup,
 * so "M8"/"m8" and "Stück"/"stuck" need no entry.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['pcs', 'pc', 'piece', 'pieces', 'pce', 'stk', 'stuck'],
  ['pack', 'pk', 'pkg', 'package'],
  ['box', 'bx'],
  ['pair', 'pr', 'pairs'],
  ['set', 'kit'],
  ['mm', 'millimeter', 'millimetre', 'millimeters', 'millimetres'],
  ['cm', 'centimeter', 'centimetre', 'centimeters', 'centimetres'],
  ['m', 'meter', 'metre', 'meters', 'metres'],
  ['kg', 'kilogram', 'kilograms', 'kilo', 'kilos'],
  ['l', 'liter', 'litre', 'liters', 'litres', 'ltr'],
  ['v', 'volt', 'volts'],
  ['w', 'watt', 'watts'],
  ['stainless', 'inox'],
  ['galvanized', 'galvanised'],
  ['aluminium', 'aluminum', 'alu'],
  ['grey', 'gray'],
  ['color', 'colour'],
];

const canonicalByTerm = new Map<string, string>();
for (const group of GROUPS) {
  const [canonical] = group;
  for (const word of group) {
    if (canonicalByTerm.has(word)) throw new Error(`synonym "${word}" is in two groups`);
    canonicalByTerm.set(word, canonical!);
  }
}

/** The group's canonical word for a folded term, or the term itself. */
export function canonicalTerm(term: string): string {
  return canonicalByTerm.get(term) ?? term;
}
