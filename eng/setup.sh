#!/usr/bin/env bash
# Installs what ServiceQueue needs on a Debian machine, and only what is missing: the servers the
# AppHost runs as plain processes (Debian packages), and the npm packages the tests and pages use.
# Safe to run again; each step is skipped when already done.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

apt_packages=(mariadb-server redis-server rabbitmq-server chromium)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "setup: the .NET 10 SDK is required (dotnet not found)" >&2; exit 1; }
# Local .NET tools (.config/dotnet-tools.json): dotnet-ef, which makes the Api's migrations.
(cd "$root" && dotnet tool restore >/dev/null)

command -v npm >/dev/null || { echo "setup: Node.js and npm are required (apt-get install nodejs npm)" >&2; exit 1; }

# npm packages, from each committed lock file; skipped when node_modules matches the lock.
while IFS= read -r lock; do
  folder=$(dirname "$lock")
  if [[ ! -f "$folder/node_modules/.package-lock.json" || "$lock" -nt "$folder/node_modules/.package-lock.json" ]]; then
    echo "setup: npm ci in ${folder#"$root"/}"
    (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done < <(find "$root" -name package-lock.json -not -path "*/node_modules/*" -not -path "*/bin/*" -not -path "*/obj/*")
