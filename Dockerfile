# syntax=docker/dockerfile:1
# Vigil's container image. `docker compose up --build` uses it with PostgreSQL and Mailpit
# (see docker-compose.yml); alone,
#   docker run --read-only --tmpfs /tmp -p 127.0.0.1:8080:8080 -v vigil-data:/data IMAGE
# runs Vigil on its embedded database under /data and writes emails as .eml files to
# /data/outbox. The shipped config is in /app/config; mount your own there
# (-v ./config:/app/config:ro). Secrets may come from files: DATABASE_URL_FILE, SMTP_URL_FILE,
# VIGIL_ADMIN_TOKEN_FILE (Docker secrets are mounted under /run/secrets/).

# Node 24 is the current LTS line; Vigil supports Node ^20.19.0 || ^22.13.0 || >=24 (package.json).
ARG NODE_VERSION=24

# ---- build: install every dependency, generate the Prisma client, compile, then drop dev tools
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# Vigil applies its migrations itself (src/db/migrate.ts) and Prisma 7's client is pure
# JS/WASM, so Prisma's native schema engine is never used. Pointing its variable at an
# existing file stops @prisma/engines' postinstall from downloading it; the file is the stub
# that `npm run generate` uses too, which fails with a clear message if an engine command runs.
ENV PRISMA_SCHEMA_ENGINE_BINARY=/app/prisma/schema-engine-stub
COPY package.json package-lock.json tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
# `npm ci` runs the project's `prepare` script: `prisma generate`, then scripts/build.mjs
# compiles src/ into dist/.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# --omit=optional as well: the Prisma CLI, TypeScript and their trees are optional peers of
# @prisma/client ("devOptional" in the lockfile), which --omit=dev alone keeps. The only
# other optional packages (pg-cloudflare, uglify-js) are unused on Node.
RUN npm prune --omit=dev --omit=optional --no-audit --no-fund

# ---- runtime: the compiled app and its production dependencies, run as the unprivileged `node`
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# tini as PID 1: it forwards SIGTERM to Vigil (which finishes the cycle in flight, then stops)
# and reaps what exits, so `docker stop` and restarts behave.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    VIGIL_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# Owned by root and read-only for `node`: Vigil writes only under VIGIL_DATA_DIR (and /tmp), so
# the container runs with a read-only root filesystem.
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
# Migrations are read at run time from prisma/migrations.
COPY prisma ./prisma
COPY templates ./templates
COPY config ./config
COPY --from=build /app/dist ./dist
# The embedded database (when DATABASE_URL is unset) and the .eml outbox (when SMTP_URL is unset).
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080
# No curl in slim images: Node's fetch asks /healthz. Unhealthy when the database is unreachable
# (503), or when /healthz says "degraded": most feeds failing, or the mail server refusing mail.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>r.json()).then(h=>process.exit(h.status==='ok'?0:1)).catch(()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/vigil.js", "run"]
