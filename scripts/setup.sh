#!/usr/bin/env bash
# Create .venv and install policykb with everything it needs (CPU-only torch from the pinned release).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch first, pinned, so nothing pulls a CUDA build
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".[st,test]"
policykb build
