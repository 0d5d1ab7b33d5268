#!/usr/bin/env bash
# Build the wheel (python -m build), install it apart from the checkout and run it from an empty folder:
# the bundled corpus, ontology and queries must come from the wheel, the build folder from POLICYKB_BUILD.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] && . .venv/bin/activate
root=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/empty"
# from another folder: a build/ folder in the checkout would shadow the build module
(cd "$tmp" && python -m build --wheel --outdir "$tmp/dist" "$root" >/dev/null)
python -m pip install -q --no-deps --target "$tmp/site" "$tmp"/dist/*.whl
cd "$tmp/empty"
export PYTHONPATH="$tmp/site" POLICYKB_BUILD="$tmp/build"
python - "$tmp/site" <<'PY'
import sys
import kb
import kb.paths as paths
assert kb.__file__.startswith(sys.argv[1]), kb.__file__
assert paths.corpus_dir().is_relative_to(sys.argv[1]) and (paths.ontology_dir() / "shapes.ttl").is_file()
PY
python -m kb.cli build --graph-only
python -m kb.cli who 扶贫车间 >/dev/null
[ -z "$(ls -A "$tmp/empty")" ] || { echo "wheel smoke: files written into the working folder" >&2; exit 1; }
echo "wheel smoke: ok"
