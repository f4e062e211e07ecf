# syntax=docker/dockerfile:1
# One image for every process: `docker run bookstore serve <gateway|user|catalog|order|search|recommendation>`,
# `seed [--demo]` or `migrate`. Built by `docker build -t bookstore:dev .`; deploy/k8s and deploy/compose run it.
#
# deps: the full Debian image has python3, make and g++ for native modules (better-sqlite3) whose prebuilt binary
# cannot be fetched. runtime: the slim image of the same Node release, so those binaries still load (same glibc).
ARG NODE_IMAGE=node:20.20.2-bookworm

FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
# Manifests first: a source change reuses the installed node_modules layer. Every workspace must be listed
# (test/ops/dockerfile.test.ts checks), or `npm ci` finds the lockfile out of step.
COPY package.json package-lock.json ./
COPY apps/bookstore/package.json apps/bookstore/
COPY packages/contracts/package.json packages/contracts/
COPY packages/platform/package.json packages/platform/
COPY services/catalog/package.json services/catalog/
COPY services/gateway/package.json services/gateway/
COPY services/order/package.json services/order/
COPY services/recommendation/package.json services/recommendation/
COPY services/search/package.json services/search/
COPY services/user/package.json services/user/
COPY apps/web/package.json apps/web/

FROM manifests AS deps
RUN npm ci --omit=dev --no-audit --no-fund

# The storefront and admin console are built here with the dev toolchain (Vite); only their static files move on.
FROM manifests AS web
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

FROM ${NODE_IMAGE}-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# Code stays owned by root and read-only to the process; it writes only /tmp (tsx's transpile cache).
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=web /app/apps/web/dist ./apps/web/dist
# The `node` user (uid 1000) of the official image; Kubernetes pins the same uid with runAsNonRoot.
USER node
EXPOSE 8080 9101 9102 9103 9104 9105
# Checks the default command, the gateway on $PORT, over HTTP/1.1 with node's fetch (the slim image has no curl).
# Shell form for the $PORT default; compose runs the same script against each service's port, Kubernetes httpGet.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:${PORT:-8080}/healthz"
# No npm at run time: node runs the CLI directly, gets SIGTERM itself and fetches nothing.
ENTRYPOINT ["node", "apps/bookstore/bin/bookstore.mjs"]
CMD ["serve", "gateway"]
