#!/bin/sh
# Check deploy/compose.yaml the way `docker compose up` would read it (services, variables,
# env file), with deploy/.env.example standing in for the secrets. Uses `docker compose`
# (v2) when present; else Debian's docker-compose 1.29, which predates the top-level `name:`
# (the project name, given here with -p instead).
set -eu
cd "$(dirname "$0")"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r . "$T/deploy"
cp .env.example "$T/deploy/.env"
cd "$T/deploy"
export POSTGRES_PASSWORD=compose-check
if docker compose version >/dev/null 2>&1; then
    docker compose -f compose.yaml config >/dev/null
else
    command -v docker-compose >/dev/null || { echo "no docker compose to check with"; exit 1; }
    sed -i '/^name: /d' compose.yaml
    docker-compose -p studybot -f compose.yaml config >/dev/null
fi
echo "compose: deploy/compose.yaml is valid"
