#!/bin/sh
# Copies what one service's image holds into OUT: its workspace's sources, the libraries, production dependencies
# only, and main.ts (a link to the service's entry point). The Dockerfile runs it; so does the image test.
# Usage: deploy/image-contents.sh SERVICE OUT   (run from the repository root, after npm ci and the build)
set -eu
service=$1
out=$2
main=src/main.ts
case "$service" in
  gateway | projections) dir=$service ;;
  ticketing | totalling | center) dir=subgraphs/$service ;;
  # The migration Job's image: `npm run migrate` needs the roots, which wire every service's stores.
  migrate) dir=system main=scripts/migrate.ts ;;
  *)
    echo "SERVICE must be gateway, ticketing, totalling, center, projections or migrate, got '$service'" >&2
    exit 1
    ;;
esac
# A second run into the same folder would mix two trees (and `ln -s` would fail half-way): refuse before any change.
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "OUT must be a new or empty folder: '$out' is not empty" >&2
  exit 1
fi
npm ci --omit=dev --no-audit --no-fund --ignore-scripts --workspace "$dir" >&2
mkdir -p "$out"
cp -a package.json node_modules packages "$out/"
workspaces=$dir
[ "$service" = migrate ] && workspaces="system subgraphs/ticketing subgraphs/totalling subgraphs/center gateway projections"
for workspace in $workspaces; do
  mkdir -p "$out/$workspace"
  cp -a "$workspace/package.json" "$workspace/src" "$out/$workspace/"
  # A subgraph's schema.graphql; the gateway's supergraph.graphql (composed by the build).
  for sdl in "$workspace"/*.graphql; do
    if [ -e "$sdl" ]; then cp "$sdl" "$out/$workspace/"; fi
  done
done
[ "$service" = migrate ] && cp -a system/scripts "$out/system/"
if [ "$service" = gateway ]; then
  mkdir -p "$out/admin"
  cp -a admin/dist "$out/admin/"
fi
# No tests, benchmarks or test helpers at run time.
find "$out" -path "$out/node_modules" -prune -o \( -name '*.test.ts' -o -name bench -o -name testing \) -prune -exec rm -rf {} +
ln -s "$dir/$main" "$out/main.ts"
