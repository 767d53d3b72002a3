#!/usr/bin/env bash
# Runs the whole system: MariaDB, Redis, RabbitMQ and the four services, under the AppHost.
# Data and generated secrets stay in .servicequeue/ between runs. Ctrl+C stops everything.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"

# `dotnet run` restores before it builds, which takes seconds even when nothing changed. Restore is
# skipped only while every project's restore output is newer than every file that decides it.
restore=()
assets=$(find "$root" -path '*/obj/project.assets.json' -not -path '*/node_modules/*' 2>/dev/null)
if [[ $(wc -l <<<"$assets") -ge $(find "$root" -name '*.csproj' -not -path '*/node_modules/*' | wc -l) && -n "$assets" ]]; then
  oldest=$(ls -t $assets | tail -n 1)
  newer=$(find "$root" \( -name '*.csproj' -o -name 'Directory.*.props' -o -name 'NuGet.config' -o -name 'global.json' \) \
    -not -path '*/node_modules/*' -not -path '*/bin/*' -not -path '*/obj/*' -newer "$oldest" | head -n 1)
  [[ -z "$newer" ]] && restore=(--no-restore)
fi
exec dotnet run --project "$root/ServiceQueue.AppHost" "${restore[@]}" -- "$@"
