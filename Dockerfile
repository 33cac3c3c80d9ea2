# syntax=docker/dockerfile:1
# Two stages. `build` has the compilers better-sqlite3 needs, installs everything, runs the tests and compiles
# TypeScript; `runtime` gets only the compiled app, production node_modules, migrations and notes.
#
#   docker build -t studybot .
#   docker run -d --name studybot --env-file .env -v studybot-data:/data -p 8080:8080 studybot
#
# Both stages use the same Node major so better-sqlite3's compiled addon matches the runtime's ABI.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first: this layer is reused until package-lock.json changes.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm test \
 && npm run build \
 && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# tini runs as PID 1: it forwards SIGTERM to node and reaps zombies, so `docker stop` is a clean shutdown.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATABASE_PATH=/data/studybot.db \
    CONTENT_DIR=/app/content \
    HTTP_PORT=8080
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The runtime reads its SQL migrations from <package root>/src/storage/migrations.
COPY --from=build /app/src/storage/migrations ./src/storage/migrations
# The bundled notes; mount your own folder and set CONTENT_DIR to use others.
COPY --from=build /app/content ./content
# Mount a volume on the folder, not on the database file: SQLite keeps -wal and -shm files beside it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "dist/src/ops/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
