#!/usr/bin/env bash
# Runs the whole system: MariaDB, Redis, RabbitMQ and the four services, under the AppHost.
# Data and generated secrets stay in .servicequeue/ between runs. Ctrl+C stops everything.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/eng/setup.sh"
exec dotnet run --project "$root/ServiceQueue.AppHost" -- "$@"
