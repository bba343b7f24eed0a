#!/usr/bin/env bash
# The App Service artefact (docs/deploy.md): the compiled bot plus production dependencies, which App Service runs
# as it is (SCM_DO_BUILD_DURING_DEPLOYMENT=false, WEBSITE_RUN_FROM_PACKAGE=1, `node dist/src/app/main.js`).
# The install is the Dockerfile's runtime stage (npm ci --omit=dev --ignore-scripts); npm run image:check proves it.
#   bash infra/build-artifact.sh   → artifacts/app/ (folder) and artifacts/ddh-bot.zip
# Needs a full install first (npm ci): the TypeScript compiler and the pinned Node 24 are devDependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
# The pinned Node (devDependency "node") first, as `npm run` would put it, whatever the machine's own node is.
export PATH="$PWD/node_modules/.bin:$PATH"

want=$(node -p "require('./package.json').devDependencies.node.split('.')[0]")
have=$(node -p "process.versions.node.split('.')[0]")
if [ "$want" != "$have" ]; then
  echo "Kører på Node $have, men package.json fastlåser Node $want: kør 'npm ci' først" >&2
  exit 1
fi

npm run build
rm -rf artifacts/app artifacts/ddh-bot.zip
mkdir -p artifacts/app
cp package.json package-lock.json artifacts/app/
cp -R dist artifacts/app/dist
(cd artifacts/app && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)
if command -v zip >/dev/null; then
  (cd artifacts/app && zip -qr ../ddh-bot.zip .)
  echo "Artefakt: artifacts/ddh-bot.zip ($(du -h artifacts/ddh-bot.zip | cut -f1))"
else
  echo "Artefakt: artifacts/app/ (zip mangler: pak mappens indhold selv, eller brug atk deploy)"
fi
