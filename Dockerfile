# syntax=docker/dockerfile:1
# Production image: Node 24 LTS on Debian bookworm (slim), compiled JavaScript and production dependencies only,
# non-root, health check on /readyz. No Docker here: `npm run image:check` (scripts/image-check.sh, in CI) performs
# these instructions in a clean directory and starts the result against PostgreSQL.

# --- build: full install (TypeScript is a devDependency), compile to dist/ ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# rimraf is a devDependency, so botbuilder-dialogs' postinstall (`npx rimraf …`) finds it without npx downloading.
RUN --mount=type=cache,target=/root/.npm npm_config_yes=false npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime ---
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the production tree has three install scripts and the bot needs none of them (docs/deploy.md):
# botbuilder-dialogs' postinstall only deletes nested copies of a text-recognizer package with `npx rimraf` (dialog
# prompts, unused here; rimraf is not a production dependency); dtrace-provider is restify's optional native DTrace
# probe (needs a compiler, falls back silently); protobufjs' postinstall only prints a version warning.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3978
# Slim images have no curl: Node's own fetch asks /readyz (database reachable, migrations applied).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/app/main.js"]
