// The most common passwords (lower case), shipped as data so the check works offline; the JSON
// import is inlined by the container bundle.
import commonPasswordList from './common-passwords.json' with { type: 'json' };

export const MIN_PASSWORD_LENGTH = 10;
/** argon2 hashes whatever it is given; a cap keeps a megabyte "password" from costing CPU. */
export const MAX_PASSWORD_LENGTH = 256;

const commonPasswords = new Set(commonPasswordList.map((p) => p.toLowerCase()));

/** Case-insensitive membership in the common-password list. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.trim().toLowerCase());
}

/** Why a password is refused (a sentence for the user), or undefined when it is acceptable. */
export function passwordWeakness(password: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return `Password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Password must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  }
  if (isCommonPassword(password)) {
    return 'Password is too common: it is on a list of frequently used passwords';
  }
  return undefined;
}
