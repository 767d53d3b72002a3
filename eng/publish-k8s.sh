#!/usr/bin/env bash
# Regenerates the committed example under deploy/k8s from the AppHost's app model. It is published
# with --secrets external: git holds no secret, and the overlays render as they are (Argo CD syncs them).
# CommittedManifestsTests fails when deploy/k8s and a fresh publish differ.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet run --project "$root/ServiceQueue.AppHost" -- publish --output "$root/deploy/k8s" \
  --secrets external --otlp-endpoint http://otel-collector.observability:4318
