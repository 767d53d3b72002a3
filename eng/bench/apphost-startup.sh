#!/usr/bin/env bash
# Measures the AppHost as docs/apphost.md reports it: seconds from `eng/run.sh` (after a build) until
# every service answers /health (each waits for its servers, so the servers are ready by then), the
# resident memory of each process after 30 s idle, then the seconds a stop takes and what it leaves.
# The stop is SIGTERM, the same graceful stop as Ctrl+C: a job a script starts in the background ignores
# SIGINT (POSIX), and .NET keeps an ignored SIGINT ignored.
# Usage: eng/bench/apphost-startup.sh [idle seconds]   (uses the developer's .servicequeue/ data)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
idle=${1:-30}

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet build "$root/ServiceQueue.AppHost" -v q -nologo >/dev/null || exit 1

start=$(date +%s.%N)
setsid "$root/eng/run.sh" >/tmp/apphost-startup.$$.log 2>&1 &
leader=$!
trap 'kill -TERM -- -"$leader" 2>/dev/null' EXIT

healthy() { curl -fsS -m 2 -o /dev/null "http://localhost:$1/health" 2>/dev/null; }
until healthy 5100 && healthy 5200 && healthy 5300 && healthy 5400; do
  if ! kill -0 "$leader" 2>/dev/null; then echo "the AppHost ended; its log: /tmp/apphost-startup.$$.log"; exit 1; fi
  sleep 0.2
done
ready=$(date +%s.%N)
printf 'every service healthy after %.1f s\n' "$(echo "$ready - $start" | bc)"

sleep "$idle"
echo "resident memory after ${idle} s idle:"
printf '| process | MB |\n|---|---|\n'
# This checkout's processes only: other checkouts on the machine may run their own.
ours() { local cwd; cwd=$(readlink "/proc/$1/cwd" 2>/dev/null); [[ "$cwd" == "$root"* || "$(tr '\0' ' ' </proc/"$1"/cmdline 2>/dev/null)" == *"$root"* ]]; }
for pid in $(pgrep -f 'tools/dcp|Aspire.Dashboard|ServiceQueue\.|mariadbd|redis-server|beam\.smp|epmd' | sort -n); do
  [[ $pid == "$$" ]] && continue
  cmd=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || continue
  cmd=${cmd% }
  case "$cmd" in *tools/dcp*|*Aspire.Dashboard*) ;; *) ours "$pid" || continue ;; esac
  case "$cmd" in
    *ServiceQueue.AppHost/bin/*) name="AppHost" ;;
    *Aspire.Dashboard*) name="dashboard" ;;
    *tools/dcp\ start-apiserver*) name="dcp apiserver" ;;
    *tools/dcp\ run-controllers*) name="dcp controllers" ;;
    *bin/Debug/net10.0/ServiceQueue.Api) name="api" ;;
    *"dotnet run --project"*ServiceQueue.Api.csproj*) name="api: its \`dotnet run\` launcher" ;;
    *bin/Debug/net10.0/ServiceQueue.Broker) name="broker" ;;
    *"dotnet run --project"*ServiceQueue.Broker.csproj*) name="broker: its \`dotnet run\` launcher" ;;
    *bin/Debug/net10.0/ServiceQueue.Consumer) name="consumer" ;;
    *"dotnet run --project"*ServiceQueue.Consumer.csproj*) name="consumer: its \`dotnet run\` launcher" ;;
    *bin/Debug/net10.0/ServiceQueue.Realtime) name="realtime" ;;
    *"dotnet run --project"*ServiceQueue.Realtime.csproj*) name="realtime: its \`dotnet run\` launcher" ;;
    */usr/sbin/mariadbd*) name="mariadbd" ;;
    */usr/bin/redis-server*) name="redis-server" ;;
    *beam.smp*) name="beam.smp (rabbitmq)" ;;
    */usr/bin/epmd*) name="epmd" ;;
    *) continue ;;
  esac
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null)
  [[ -n "$rss" ]] && printf '| %s | %d |\n' "$name" $((rss / 1024))
done

# This run's servers, services, DCP and dashboard that are still there.
leftovers() {
  for pid in $(pgrep -f 'tools/dcp|Aspire.Dashboard|ServiceQueue\.|mariadbd|redis-server|beam\.smp|epmd'); do
    [[ $pid == "$$" ]] && continue
    cmd=$(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null) || continue
    case "$cmd" in
      *tools/dcp*|*Aspire.Dashboard*|*mariadbd*|*redis-server*|*beam.smp*|*epmd*|*ServiceQueue.*) ours "$pid" && echo "$pid ${cmd:0:140}" ;;
    esac
  done
}

stop=$(date +%s.%N)
kill -TERM -- -"$leader"
wait "$leader"
trap - EXIT
for _ in $(seq 1 240); do
  [[ -z "$(leftovers)" ]] && break
  sleep 0.25
done
printf 'SIGTERM: every process gone after %.1f s\n' "$(echo "$(date +%s.%N) - $stop" | bc)"
left=$(leftovers)
echo "processes left behind: $(grep -c . <<<"$left")"
[[ -n "$left" ]] && echo "$left"
exit 0
