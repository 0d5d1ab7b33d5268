#!/usr/bin/env bash
# Run the whole test suite (the real corpus, the real embedding model, the real app in a real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] && . .venv/bin/activate
export GRADIO_ANALYTICS_ENABLED=False HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
mkdir -p test-artifacts
python -m pytest -q -p no:cacheprovider "$@"
