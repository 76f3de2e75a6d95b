# syntax=docker/dockerfile:1.7
# One image per service: docker build --build-arg SERVICE=<catalogue name> -t <repo>:<tag> .
# Stage 1 installs from the lockfile and bundles the service with esbuild (tools/bundle);
# stage 2 is Node 22 alpine with the bundle, its native dependencies and the RDS CA bundle only.

ARG NODE_IMAGE=node:22-alpine

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# Lifecycle scripts off: only esbuild has one, and its platform binary comes as an optional dependency.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts
# DocumentDB requires TLS; the driver verifies the cluster against this CA bundle.
ARG RDS_CA_BUNDLE_URL=https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
RUN mkdir -p /out && node -e "fetch(process.argv[1]).then(async (r) => { if (!r.ok) throw new Error('HTTP ' + r.status); \
      const pem = await r.text(); if (!pem.includes('BEGIN CERTIFICATE')) throw new Error('not a PEM bundle'); \
      require('node:fs').writeFileSync('/out/rds-global-bundle.pem', pem); })" "$RDS_CA_BUNDLE_URL"
# Declared only now: a build argument changes the cache key of every later RUN, so the layers above
# are built once and shared by the images of all services in a build.
ARG SERVICE
RUN test -n "$SERVICE" || (echo "build arg SERVICE is required (a name from shared/src/catalogue.ts)" >&2; exit 1)
# For the two web apps this also runs their Vite build and puts it in /out/$SERVICE/public.
RUN npx tsx tools/bundle/bundle-service.ts "$SERVICE" --out-dir /out

FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE_NAME=${SERVICE}
WORKDIR /app
COPY --from=build --chmod=644 /out/rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
COPY --from=build /out/${SERVICE}/ /app/
# Read-only for the service user: the code cannot be modified by the process running it.
RUN chown -R root:root /app && chmod -R a+rX,go-w /app
USER node
# Port and health path come from the catalogue, baked into healthcheck.mjs by the bundler.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "--enable-source-maps", "/app/main.mjs"]
