#!/usr/bin/env bash
# The Dockerfile without Docker (npm run image:check; CI runs it after the tests).
#
# Reads the Dockerfile and performs its instructions in a clean temporary directory: each stage gets its own
# directory standing in for the image's file system, COPY honours .dockerignore, RUN runs the same command lines.
# Then it starts the final stage's CMD as an unprivileged user, with production-like settings and a throwaway
# PostgreSQL database on 127.0.0.1:5432, waits until the image's own HEALTHCHECK passes and GET /readyz answers
# 200, runs a command-line tool the way an administrator would inside the container, stops the bot with SIGTERM
# and cleans up. Any failure exits non-zero.
#
# What is emulated rather than performed: the base image is the pinned Node from package.json (the FROM line's
# Node major must match it) on this machine's Debian; a RUN's npm cache mount is this machine's npm cache, and npm
# reads this machine's user configuration (registry, audit); the bot runs as `nobody` instead of the image's user.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DOCKERFILE="$ROOT/Dockerfile"
START=$(date +%s)
say() { printf '[image-check %3ss] %s\n' "$(($(date +%s) - START))" "$*"; }
fail() {
  printf '[image-check] FEJL: %s\n' "$*" >&2
  exit 1
}

# --- the runtime: the pinned Node 24 (npm run puts node_modules/.bin first on PATH) ---
NODE_BIN=$(command -v node) || fail 'node findes ikke'
NODE_BIN=$(readlink -f "$NODE_BIN")
NODE_VERSION=$("$NODE_BIN" --version)
NODE_MAJOR=${NODE_VERSION#v}
NODE_MAJOR=${NODE_MAJOR%%.*}
WANTED_MAJOR=$("$NODE_BIN" -p "require('$ROOT/package.json').devDependencies.node.split('.')[0]")
[[ $NODE_MAJOR == "$WANTED_MAJOR" ]] ||
  fail "kører på Node $NODE_VERSION, men package.json fastlåser Node $WANTED_MAJOR; start med: npm run image:check"
# The machine's npm settings (registry, audit, cache) stand in for the build host's; the commands stay the Dockerfile's.
NPM_CACHE=$(npm config get cache)
NPM_USERCONFIG=$(npm config get userconfig)
command -v rsync >/dev/null || fail 'rsync mangler'
command -v psql >/dev/null || fail 'psql mangler (postgresql-client)'

# Two installs of ~600 packages are mostly file I/O: work in memory (tmpfs) when there is room, else in TMPDIR.
TMP_BASE=${TMPDIR:-/tmp}
if [[ -w /dev/shm ]] && (($(df -Pk /dev/shm | awk 'NR==2 {print $4}') > 3 * 1024 * 1024)); then TMP_BASE=/dev/shm; fi
WORK=$(mktemp -d "$TMP_BASE/ddh-image-check.XXXXXX")
chmod 755 "$WORK"
DB="ddh_image_check_$$"
PG_URL_ADMIN='postgres://postgres@127.0.0.1:5432/postgres'
BOT_PID=''
INGEST_PID=''
DB_CREATED=''
# Ends a process and everything it started (a stage's npm, the bot), nothing else.
kill_tree() {
  local child
  for child in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$child"; done
  kill -KILL "$1" 2>/dev/null || true
}
declare -a JOBS=()
cleanup() {
  local code=$?
  for pid in $BOT_PID $INGEST_PID ${JOBS[@]:-}; do
    kill_tree "$pid"
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $DB_CREATED ]]; then
    psql -q "$PG_URL_ADMIN" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  say "ryddet op ($DB, $WORK)"
  if [[ $code == 0 ]]; then say "ok (Node $NODE_VERSION)"; else say "fejlede (exit $code)"; fi
}
trap cleanup EXIT

# Inside every stage `node` is the pinned binary, standing in for the node:<major> base image.
mkdir -p "$WORK/bin" "$WORK/home"
ln -s "$NODE_BIN" "$WORK/bin/node"
BASE_PATH="$WORK/bin:/usr/local/bin:/usr/bin:/bin"
PASS_ENV=()
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [[ -n ${!v:-} ]] && PASS_ENV+=("$v=${!v}")
done

# --- the build context: the checkout minus .dockerignore (Docker's patterns are relative to the context root) ---
CONTEXT_EXCLUDES=()
while IFS= read -r pattern || [[ -n $pattern ]]; do
  pattern=${pattern%%$'\r'}
  [[ -z ${pattern//[[:space:]]/} || $pattern == \#* ]] && continue
  [[ $pattern == !* ]] && fail ".dockerignore: undtagelser (!) understøttes ikke af denne kontrol: $pattern"
  CONTEXT_EXCLUDES+=("--exclude=/${pattern#/}")
done <"$ROOT/.dockerignore"

# --- the Dockerfile as one instruction per line (continuations joined, comments dropped) ---
INSTRUCTIONS=()
buf=''
while IFS= read -r line || [[ -n $line ]]; do
  line=${line%%$'\r'}
  [[ $line =~ ^[[:space:]]*# ]] && continue
  [[ -z ${line//[[:space:]]/} && -z $buf ]] && continue
  if [[ $line == *\\ ]]; then
    buf+="${line%\\} "
    continue
  fi
  INSTRUCTIONS+=("$buf$line")
  buf=''
done <"$DOCKERFILE"

json_args() { "$NODE_BIN" -e 'for (const a of JSON.parse(process.argv[1])) console.log(a)' "$1"; }

declare -A STAGE_ROOT=()
# The stages, known before anything runs (BuildKit's graph): where each starts, its directory and its name.
STAGE_STARTS=()
LAST=-1
for i in "${!INSTRUCTIONS[@]}"; do
  if [[ ${INSTRUCTIONS[$i]} =~ ^[Ff][Rr][Oo][Mm][[:space:]] ]]; then
    LAST=$((LAST + 1))
    STAGE_STARTS+=("$i")
    read -r _ _image _as name <<<"${INSTRUCTIONS[$i]}"
    STAGE_ROOT[$LAST]="$WORK/stage$LAST"
    [[ -n ${name:-} ]] && STAGE_ROOT[$name]="$WORK/stage$LAST"
  fi
done
((LAST >= 0)) || fail 'ingen FROM i Dockerfile'
[[ ${STAGE_STARTS[0]} == 0 ]] || fail 'Dockerfile skal begynde med FROM'

declare -A ENV=()
STAGE=-1
ROOTFS=''
CWD='/'
USER_NAME='root'
CMD=()
HEALTH=()
in_stage() { # absolute image path → directory here
  local p=$1
  [[ $p == /* ]] || p="$CWD/$p"
  printf '%s%s' "$ROOTFS" "$p"
}
run_env() {
  local e=("PATH=$BASE_PATH" "HOME=$WORK/home" "npm_config_cache=$NPM_CACHE" "npm_config_userconfig=$NPM_USERCONFIG")
  # Like a warm cache mount: package metadata already in the cache is not fetched again.
  e+=("npm_config_prefer_offline=true")
  e+=("${PASS_ENV[@]}")
  for k in "${!ENV[@]}"; do e+=("$k=${ENV[$k]}"); done
  printf '%s\0' "${e[@]}"
}

# One Dockerfile instruction, applied to the current stage's state.
perform() {
  local ins=$1 keyword args
  keyword=${ins%%[[:space:]]*}
  args=${ins#"$keyword"}
  args=${args#"${args%%[![:space:]]*}"}
  case ${keyword^^} in
    FROM)
      read -r image _as name <<<"$args"
      [[ $image =~ ^node:([0-9]+)- ]] || fail "FROM $image: kun node:<major>-… understøttes"
      [[ ${BASH_REMATCH[1]} == "$NODE_MAJOR" ]] ||
        fail "FROM $image bruger Node ${BASH_REMATCH[1]}, package.json fastlåser Node $NODE_MAJOR"
      STAGE=$((STAGE + 1))
      ROOTFS=${STAGE_ROOT[$STAGE]}
      mkdir -p "$ROOTFS"
      ENV=()
      CWD='/'
      USER_NAME='root'
      CMD=()
      HEALTH=()
      say "stage $STAGE: FROM $image${name:+ AS $name}"
      ;;
    WORKDIR)
      [[ $args == /* ]] && CWD=$args || CWD="$CWD/$args"
      mkdir -p "$(in_stage "$CWD")"
      ;;
    ENV)
      for kv in $args; do
        [[ $kv == *=* ]] || fail "ENV: kun NAVN=værdi understøttes: $args"
        ENV[${kv%%=*}]=${kv#*=}
      done
      ;;
    COPY)
      read -r -a parts <<<"$args"
      from=''
      while [[ ${parts[0]} == --* ]]; do
        case ${parts[0]} in
          --from=*) from=${parts[0]#--from=} ;;
          *) fail "COPY ${parts[0]} understøttes ikke" ;;
        esac
        parts=("${parts[@]:1}")
      done
      dest=${parts[-1]}
      sources=("${parts[@]:0:${#parts[@]}-1}")
      target=$(in_stage "$dest")
      if [[ ${#sources[@]} -gt 1 || $dest == */ || $dest == . ]]; then mkdir -p "$target"; fi
      for src in "${sources[@]}"; do
        if [[ -n $from ]]; then
          [[ -n ${STAGE_ROOT[$from]:-} ]] || fail "COPY --from=$from: ukendt stage"
          origin="${STAGE_ROOT[$from]}$src"
          [[ -e $origin ]] || fail "COPY --from=$from $src: findes ikke"
          if [[ -d $origin ]]; then
            mkdir -p "$target"
            rsync -a "$origin/" "$target/"
          else rsync -a "$origin" "$target"; fi
        elif [[ $src == . ]]; then
          rsync -a "${CONTEXT_EXCLUDES[@]}" "$ROOT/" "$target/"
        else
          [[ -e $ROOT/$src ]] || fail "COPY $src: findes ikke i konteksten"
          rsync -a "${CONTEXT_EXCLUDES[@]}" "$ROOT/$src" "$target"
        fi
      done
      ;;
    RUN)
      cmd=$args
      while [[ $cmd == --* ]]; do
        flag=${cmd%%[[:space:]]*}
        [[ $flag == --mount=type=cache,* ]] || fail "RUN $flag understøttes ikke"
        cmd=${cmd#"$flag"}
        cmd=${cmd#"${cmd%%[![:space:]]*}"}
      done
      say "[$STAGE] RUN $cmd"
      t0=$(date +%s)
      (cd "$(in_stage "$CWD")" && mapfile -d '' e < <(run_env) && env -i "${e[@]}" /bin/sh -c "$cmd") >"$WORK/run$STAGE.log" 2>&1 ||
        {
          tail -40 "$WORK/run$STAGE.log" >&2
          fail "RUN $cmd"
        }
      say "[$STAGE]   færdig på $(($(date +%s) - t0)) s"
      ;;
    USER) USER_NAME=$args ;;
    EXPOSE) ;;
    HEALTHCHECK)
      h=$args
      while [[ $h == --* ]]; do
        h=${h#*[[:space:]]}
        h=${h#"${h%%[![:space:]]*}"}
      done
      [[ $h == CMD\ \[* ]] || fail 'HEALTHCHECK: kun CMD ["…"] (exec-form) understøttes'
      mapfile -t HEALTH < <(json_args "${h#CMD }")
      ;;
    CMD)
      [[ $args == \[* ]] || fail 'CMD: kun exec-form ["…"] understøttes'
      mapfile -t CMD < <(json_args "$args")
      ;;
    *) fail "$keyword understøttes ikke af denne kontrol (udvid scripts/image-check.sh)" ;;
  esac
}

stage_end() { if (($1 < LAST)); then echo "${STAGE_STARTS[$1 + 1]}"; else echo "${#INSTRUCTIONS[@]}"; fi; }

# As BuildKit does, every stage runs up to its first COPY --from at the same time as the others (the two installs
# overlap); the rest of each stage runs in order, once the stages it copies from are done.
declare -a SPLIT=() JOBS=()
for s in $(seq 0 "$LAST"); do
  end=$(stage_end "$s")
  SPLIT[$s]=$end
  for ((i = STAGE_STARTS[s]; i < end; i++)); do
    if [[ ${INSTRUCTIONS[$i]} =~ ^COPY[[:space:]]+--from= ]]; then
      SPLIT[$s]=$i
      break
    fi
  done
  (
    STAGE=$((s - 1))
    for ((i = STAGE_STARTS[s]; i < SPLIT[s]; i++)); do perform "${INSTRUCTIONS[$i]}"; done
    declare -p ENV STAGE ROOTFS CWD USER_NAME CMD HEALTH >"$WORK/state$s"
  ) &
  JOBS[$s]=$!
done
# The first stage to fail stops the check at once.
while ((${#JOBS[@]})); do
  finished=''
  if wait -n -p finished "${JOBS[@]}"; then status=0; else status=$?; fi
  [[ -n $finished ]] || fail "ventede på stages uden resultat (status $status)"
  for s in "${!JOBS[@]}"; do
    if [[ ${JOBS[$s]} == "$finished" ]]; then
      unset "JOBS[$s]"
      ((status == 0)) || fail "stage $s fejlede"
    fi
  done
done
for s in $(seq 0 "$LAST"); do
  source "$WORK/state$s"
  end=$(stage_end "$s")
  for ((i = SPLIT[s]; i < end; i++)); do perform "${INSTRUCTIONS[$i]}"; done
done

[[ ${#CMD[@]} -gt 0 ]] || fail 'sidste stage har ingen CMD'
[[ ${#HEALTH[@]} -gt 0 ]] || fail 'sidste stage har ingen HEALTHCHECK'
[[ $USER_NAME != root && $USER_NAME != 0 ]] || fail 'billedet kører som root (USER mangler)'
APP_DIR=$(in_stage "$CWD")
[[ ! -e $APP_DIR/node_modules/typescript ]] || fail 'runtime-billedet indeholder udviklingsafhængigheder (typescript)'
say "billedet: $(du -sm "$APP_DIR/node_modules" | cut -f1) MB node_modules, $(du -sm "$APP_DIR/dist" | cut -f1) MB dist"

# --- start the image against a throwaway database, as an unprivileged user when we are root ---
psql -q "$PG_URL_ADMIN" -c "CREATE DATABASE \"$DB\"" >/dev/null
DB_CREATED=1
PORT=$("$NODE_BIN" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# Application Insights' ingestion stood in for by a local HTTPS server (the exporter only speaks https), so the
# telemetry packages load, export and flush at shutdown as in production, without leaving this machine.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/ingest.key" -out "$WORK/ingest.crt" 2>/dev/null
"$NODE_BIN" -e '
  const fs = require("fs");
  const [key, cert, portFile, countFile] = process.argv.slice(1);
  let posts = 0;
  const server = require("https").createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "POST") fs.writeFileSync(countFile, String(++posts));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ itemsReceived: 0, itemsAccepted: 0, errors: [] }));
    });
  });
  server.listen(0, "127.0.0.1", () => fs.writeFileSync(portFile, String(server.address().port)));
' "$WORK/ingest.key" "$WORK/ingest.crt" "$WORK/ingest.port" "$WORK/ingest.count" &
INGEST_PID=$!
for _ in $(seq 1 50); do [[ -s $WORK/ingest.port ]] && break; sleep 0.1; done
[[ -s $WORK/ingest.port ]] || fail 'Application Insights-stand-in startede ikke'
INGEST_PORT=$(cat "$WORK/ingest.port")

as_user=()
if [[ $(id -u) == 0 ]]; then
  chmod -R a+rX "$WORK"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# What App Service would inject (app settings); the identity values are made up, nothing here talks to Azure.
APP_ENV=("PATH=$BASE_PATH" "HOME=/nonexistent")
for k in "${!ENV[@]}"; do APP_ENV+=("$k=${ENV[$k]}"); done
APP_ENV+=(
  "PORT=$PORT"
  "HOST=127.0.0.1"
  "DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB"
  "BOT_AUTH_TYPE=SingleTenant"
  "MICROSOFT_APP_ID=00000000-0000-4000-8000-000000000001"
  "MICROSOFT_APP_TENANT_ID=00000000-0000-4000-8000-000000000002"
  "MICROSOFT_APP_PASSWORD=image-check-not-a-secret"
  "PUBLIC_BASE_URL=http://127.0.0.1:$PORT"
  "LINK_SIGNING_SECRET=image-check-link-signing"
  "INGEST_HMAC_SECRET=image-check-ingest-hmac"
  "ENGAGE_TOKEN_KEY=$("$NODE_BIN" -p "require('crypto').randomBytes(32).toString('base64')")"
  "APPLICATIONINSIGHTS_CONNECTION_STRING=InstrumentationKey=00000000-0000-4000-8000-000000000003;IngestionEndpoint=https://127.0.0.1:$INGEST_PORT/"
  # The stand-in's certificate, and none of the SDK's own reports to Microsoft's endpoints.
  "NODE_EXTRA_CA_CERTS=$WORK/ingest.crt"
  "APPLICATIONINSIGHTS_STATSBEAT_DISABLED=true"
  "APPLICATIONINSIGHTS_SDKSTATS_DISABLED=true"
)
in_image() { (cd "$APP_DIR" && exec env -i "${APP_ENV[@]}" "${as_user[@]}" "$@"); }

say "CMD ${CMD[*]} (som ${as_user:+nobody, i stedet for }$USER_NAME, port $PORT)"
# A subshell that execs: $! is the bot's own process, so SIGTERM reaches it (as docker stop would).
(cd "$APP_DIR" && exec env -i "${APP_ENV[@]}" "${as_user[@]}" "${CMD[@]}") >"$WORK/bot.log" 2>&1 &
BOT_PID=$!
healthy=''
for _ in $(seq 1 120); do
  if ! kill -0 "$BOT_PID" 2>/dev/null; then
    cat "$WORK/bot.log" >&2
    fail 'botten stoppede under opstart'
  fi
  if in_image "${HEALTH[@]}" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  sleep 0.5
done
[[ -n $healthy ]] || {
  tail -40 "$WORK/bot.log" >&2
  fail 'HEALTHCHECK lykkedes ikke inden for 60 s'
}
# Independent of the HEALTHCHECK line: /readyz and /healthz answer 200.
for path in /readyz /healthz; do
  status=$("$NODE_BIN" -e "fetch('http://127.0.0.1:$PORT$path').then(r=>console.log(r.status),()=>console.log('ingen forbindelse'))")
  [[ $status == 200 ]] || fail "GET $path svarede $status"
done
say "HEALTHCHECK og GET /readyz svarer 200"

# An administrator's task inside the container: the compiled command-line tools work with production dependencies.
in_image node dist/src/cli/registry-cli.js import dist/src/demo/demo-registry.yaml >"$WORK/cli.log" 2>&1 || {
  cat "$WORK/cli.log" >&2
  fail 'node dist/src/cli/registry-cli.js import fejlede i billedet'
}
say "registry import i billedet: $(tail -1 "$WORK/cli.log")"

kill -TERM "$BOT_PID"
code=0
wait "$BOT_PID" || code=$?
BOT_PID=''
[[ $code == 0 ]] || {
  tail -20 "$WORK/bot.log" >&2
  fail "botten lukkede ikke pænt ned på SIGTERM (exit $code)"
}
if grep -E 'DeprecationWarning|\(node:[0-9]+\) ' "$WORK/bot.log" >&2; then fail 'advarsler fra Node ved start (se ovenfor)'; fi
posts=$(cat "$WORK/ingest.count" 2>/dev/null || echo 0)
[[ $posts -ge 1 ]] || fail 'ingen telemetri nåede Application Insights-stand-in'
say "SIGTERM: pæn nedlukning; ingen advarsler fra Node; telemetri sendt ($posts forsendelser)"
