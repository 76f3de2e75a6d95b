import { ApiError } from '@b2b/web-kit/ui';

/** The ApiError of a failed mutation, for its fields' messages (`fieldMessage`). */
export function apiErrorOf(error: unknown): ApiError | undefined {
  return error instanceof ApiError ? error : undefined;
}
