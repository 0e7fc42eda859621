#!/bin/sh
# Build the image and prove it works: deploy/smoke.sh   (from the repository root)
#
# Builds deploy/Dockerfile on BASE_IMAGE (python:3.11-slim; where no registry is reachable,
# the local stand-in local/python:3.11-bookworm when it exists — see the Dockerfile), starts
# the container in --dev mode on the host network, and checks: /healthz and /readyz, one
# question through /api/messages answered to a capture server (as Teams would receive it),
# that the process runs as a non-root user, and that Docker's healthcheck turns healthy.
# Prints the image size and the cold start (container start -> /readyz 200), then removes
# the container. Exit status 0 only when every check passed.
set -eu
cd "$(dirname "$0")/.."
IMAGE=${IMAGE:-studybot:smoke}
PORT=${PORT:-39780}
CAPTURE_PORT=${CAPTURE_PORT:-39781}
NAME=studybot-smoke-$$
WORK=$(mktemp -d)
say() { echo "smoke: $*"; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
cleanup() {
    docker rm -f "$NAME" >/dev/null 2>&1 || true
    [ -n "${CAPTURE_PID:-}" ] && kill "$CAPTURE_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

deploy/check-compose.sh || fail "deploy/compose.yaml"

if [ -z "${BASE_IMAGE:-}" ]; then
    BASE_IMAGE=python:3.11-slim
    if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1 \
        && ! timeout 60 docker pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
        docker image inspect local/python:3.11-bookworm >/dev/null 2>&1 \
            || fail "cannot pull $BASE_IMAGE and no local/python:3.11-bookworm stand-in (set BASE_IMAGE)"
        BASE_IMAGE=local/python:3.11-bookworm
        say "no registry: building on $BASE_IMAGE"
    fi
fi

say "building $IMAGE on $BASE_IMAGE"
docker build --network host --build-arg BASE_IMAGE="$BASE_IMAGE" -f deploy/Dockerfile -t "$IMAGE" . \
    > "$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "docker build"; }
SIZE=$(docker image inspect -f '{{.Size}}' "$IMAGE")
say "image size: $((SIZE / 1000000)) MB"

# The capture server: what Teams would receive (replies are posted to serviceUrl).
cat > "$WORK/capture.py" <<'PY'
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(sys.argv[2], "ab") as f:
            f.write(body + b"\n")
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.end_headers(); self.wfile.write(json.dumps({"id": "r1"}).encode())
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
python3 "$WORK/capture.py" "$CAPTURE_PORT" "$WORK/replies.jsonl" &
CAPTURE_PID=$!

START=$(date +%s.%N)
docker run -d --name "$NAME" --network host -e PORT="$PORT" \
    --health-interval 5s --health-start-period 60s \
    "$IMAGE" studybot serve --dev --host 127.0.0.1 --port "$PORT" >/dev/null
ready=""
for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then ready=1; break; fi
    sleep 0.1
done
[ -n "$ready" ] || { docker logs "$NAME" | tail -20; fail "/readyz never answered"; }
COLD=$(echo "$(date +%s.%N) - $START" | bc)
say "cold start (docker run -> /readyz 200): ${COLD} s"
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || fail "/healthz"
say "/healthz and /readyz answer 200"

cat > "$WORK/activity.json" <<JSON
{"type": "message", "id": "smoke-1", "serviceUrl": "http://127.0.0.1:$CAPTURE_PORT",
 "channelId": "msteams", "from": {"id": "29:smoke", "name": "Smoke", "aadObjectId": "aad-smoke"},
 "conversation": {"id": "conv-smoke", "conversationType": "personal"},
 "recipient": {"id": "28:studybot", "name": "StudyBot"}, "text": "What is RAG?", "locale": "en-US"}
JSON
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    --data @"$WORK/activity.json" "http://127.0.0.1:$PORT/api/messages")
[ "$code" = 202 ] || fail "/api/messages answered $code, not 202"
# A typing indicator comes first, then the answer.
for _ in $(seq 1 300); do grep -q "Retrieval" "$WORK/replies.jsonl" 2>/dev/null && break; sleep 0.1; done
grep -q "Retrieval" "$WORK/replies.jsonl" 2>/dev/null \
    || { cat "$WORK/replies.jsonl" 2>/dev/null | head -c 600; fail "no answer about RAG reached the capture server"; }
say "a question through /api/messages was answered (an Adaptive Card about RAG)"

uid=$(docker exec "$NAME" id -u)
[ "$uid" != 0 ] || fail "the server runs as root"
say "runs as $(docker exec "$NAME" id -un) (uid $uid), not root"

health=""
for _ in $(seq 1 60); do
    health=$(docker inspect -f '{{.State.Health.Status}}' "$NAME")
    [ "$health" = healthy ] && break
    sleep 1
done
[ "$health" = healthy ] || fail "Docker's healthcheck says $health"
say "Docker's healthcheck: healthy"
say "all checks passed"
