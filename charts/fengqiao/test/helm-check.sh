#!/usr/bin/env bash
# charts/fengqiao's CI check (nx run chart-fengqiao:test): helm from its Go module (built once into
# ~/.cache/fengqiao/bin by tools/infra/infra.sh), then `helm lint --strict` and `helm template` with the
# default values and with the cluster example. The Jest test beside this file asserts on what they render.
set -euo pipefail
cd "$(dirname "$0")/../../.."
chart=charts/fengqiao
helm=$(bash tools/infra/infra.sh tools helm)
"$helm" version --short
for values in "" "$chart/examples/cluster-values.yaml"; do
  args=(${values:+--values "$values"})
  echo "[chart] helm lint --strict ${values:-(default values)}"
  "$helm" lint --strict "$chart" "${args[@]}"
  echo "[chart] helm template ${values:-(default values)}"
  "$helm" template fengqiao "$chart" --namespace fengqiao "${args[@]}" >/dev/null
done
