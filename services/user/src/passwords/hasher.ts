import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id parameters. The default is the OWASP Password Storage Cheat Sheet baseline
 * (m = 19 MiB, t = 2, p = 1): about 15 ms per verification on one core, so a 0.5 vCPU task still
 * serves dozens of logins per second while an offline attacker pays 19 MiB and two passes per
 * guess. Tests may pass cheaper parameters; production uses these.
 */
export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const defaultArgon2Cost: Argon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spend the same work as a real verification for an account that does not exist, so an unknown
   * email and a wrong password take about the same time (no user enumeration by timing).
   */
  verifyAgainstDummy(password: string): Promise<false>;
}

export async function createPasswordHasher(cost: Argon2Cost = defaultArgon2Cost): Promise<PasswordHasher> {
  const options = { ...cost, algorithm: ARGON2ID };
  // A hash with the same parameters as real ones, computed once per process.
  const dummyHash = await hash('dummy password for unknown accounts', options);
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        // A malformed stored hash is a failed login, never a crash.
        return false;
      }
    },
    async verifyAgainstDummy(password) {
      await verify(dummyHash, password);
      return false;
    },
  };
}
