#!/usr/bin/env bash
# Regenerates the committed example under deploy/k8s from the AppHost's Aspire model: the AppHost runs in
# publish mode and only the Kubernetes environment's pipeline step (publish-k8s). It is published with
# external secrets: git holds no secret, and the overlays render as they are (Argo CD syncs them).
# CommittedManifestsTests fails when deploy/k8s and a fresh publish differ.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet run --project "$root/ServiceQueue.AppHost" -- \
  --operation publish --step publish-k8s --output-path "$root/deploy/k8s" \
  --Kubernetes:Secrets external --Kubernetes:OtlpEndpoint http://otel-collector.observability:4318
