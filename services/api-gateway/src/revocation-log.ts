/**
 * Logging of the revocation feed reader. The gateway polls the user service's feed before it
 * takes traffic, and the user service often starts after it (`npm start` starts them together,
 * a deploy may replace both), so failures before the feed has ever answered are expected:
 * they are logged at debug. A feed that has still never answered after `quietFailures` polls, or
 * that fails after having worked, is a real problem (revoked tokens would be accepted) and is
 * warned about as before.
 */
import type { FeedLog } from '@b2b/shared/feeds';

interface LeveledLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** The reader logs its 1st failure and every 30th; at 2 s a poll, the 30th is a minute in. */
export const defaultQuietFailures = 30;

export function startupQuietLog(
  /** The logger, or a getter when the reader starts before the app (and its logger) exists. */
  target: LeveledLog | (() => LeveledLog | undefined),
  /** Whether the feed has ever answered (`reader.status().lastSuccessAt !== null`). */
  hasSucceeded: () => boolean,
  quietFailures = defaultQuietFailures,
): FeedLog {
  const log = typeof target === 'function' ? target : () => target;
  let warned = false;
  return {
    warn(obj, msg) {
      const failures = (obj as { consecutiveFailures?: unknown }).consecutiveFailures;
      const starting = !hasSucceeded() && typeof failures === 'number' && failures < quietFailures;
      if (starting) {
        log()?.debug(obj, `${msg} (the user service may still be starting)`);
        return;
      }
      warned = true;
      log()?.warn(obj, msg);
    },
    info(obj, msg) {
      // "reachable again" after failures nobody was warned about is start-up noise.
      if (warned) log()?.info(obj, msg);
      else log()?.debug(obj, msg);
      warned = false;
    },
  };
}
