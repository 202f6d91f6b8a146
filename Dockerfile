# syntax=docker/dockerfile:1
#
# Rampart container image (docs/DEPLOYMENT.md).
#
#   docker build -t rampart:0.1.0 .
#   docker run --read-only --tmpfs /tmp -v rampart-data:/var/lib/rampart -p 3000:3000 rampart:0.1.0
#
# Three stages:
#   build  installs every dependency (`npm ci`) and builds the web app (`npm run build`);
#          `npm ci` runs the project's postinstall, `prisma generate` (into lib/generated)
#          with PRISMA_SCHEMA_ENGINE_BINARY=/bin/false: no native engine is downloaded.
#   deps   a clean install of production dependencies only (`npm ci --omit=dev`).
#   run    Node 24 + production node_modules + the built app + the TypeScript sources the
#          CLI runs through tsx. No compiler, no dev tools, no npm cache; numeric non-root user;
#          works with a read-only root filesystem (writable: /tmp, /var/lib/rampart,
#          /app/.next/cache — mount volumes there).
#
# Pin the base image by digest in your own build (FROM node:24.21.0-bookworm-slim@sha256:…);
# the tag below is the version the project is tested with.

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    CI=1
# What the postinstall's `prisma generate` reads: the schema and prisma.config.ts (which takes
# DATABASE_URL from lib/config.ts). Copied before `npm ci` so the install layer is cached
# until dependencies or the schema change.
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json ./
COPY lib/config.ts ./lib/config.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && rm -rf .next/cache

FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: the project's postinstall (`prisma generate`) needs the prisma CLI, a dev
# dependency; the generated client is copied from the build stage instead.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:24.21.0-bookworm-slim AS run
LABEL org.opencontainers.image.title="Rampart" \
      org.opencontainers.image.description="Kubernetes security-posture dashboard" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/rampart-dev/rampart"
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    RAMPART_DATA_DIR=/var/lib/rampart \
    TMPDIR=/tmp
COPY --from=deps --chown=0:0 /app/node_modules ./node_modules
COPY --from=build --chown=0:0 /app/package.json /app/tsconfig.json /app/next.config.ts /app/prisma.config.ts ./
COPY --from=build --chown=0:0 /app/.next ./.next
COPY --from=build --chown=0:0 /app/public ./public
COPY --from=build --chown=0:0 /app/prisma ./prisma
COPY --from=build --chown=0:0 /app/bin ./bin
COPY --from=build --chown=0:0 /app/lib ./lib
# The application files stay owned by root, read-only for the runtime user. Writable for it:
# the data directory and Next.js's cache (volumes in Kubernetes). npm and corepack are not
# needed at run time: removed (less to patch).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
 && mkdir -p /var/lib/rampart /app/.next/cache \
 && chown 10001:10001 /var/lib/rampart /app/.next/cache \
 && chmod 0700 /var/lib/rampart
USER 10001:10001
VOLUME ["/var/lib/rampart"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "--max-semi-space-size=16", "bin/rampart.mjs"]
CMD ["serve"]
