export { ShortLivedCache } from './short-lived-cache.ts';
