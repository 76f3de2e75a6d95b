/**
 * The Content-Security-Policy of both web apps. No inline scripts or styles anywhere: Vite emits
 * external hashed files only, React sets styles through the CSSOM (which style-src does not
 * govern) and the component library (React Aria Components) ships no CSS of its own.
 */
import type { FastifyHelmetOptions } from '@fastify/helmet';

/** Product images are delivered by Cloudinary in AWS (locally under /api/v1/media, i.e. 'self'). */
export const CLOUDINARY_IMAGE_HOST = 'https://res.cloudinary.com';

export const webCspDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', CLOUDINARY_IMAGE_HOST],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
} as const;

/** Helmet options for a service that serves pages (passed to `createService({ helmet })`). */
export const webHelmetOptions: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: Object.fromEntries(Object.entries(webCspDirectives).map(([k, v]) => [k, [...v]])),
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};
