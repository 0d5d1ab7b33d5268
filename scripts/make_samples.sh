#!/usr/bin/env bash
# Regenerate the sample exports in docs/samples/ from the built graph (policykb build first).
# The quiz uses a fixed seed so that the samples only change when the graph does.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] && . .venv/bin/activate
out=docs/samples
mkdir -p "$out"
for fmt in md html csv docx; do
  policykb export duties --format "$fmt" --out "$out/duties.$fmt"
done
policykb export duties --layout grid --format csv --out "$out/duties-grid.csv"
policykb export duties --department 省林草局 --format md --out "$out/duties-省林草局.md"
for fmt in md html docx; do
  policykb export handbook --format "$fmt" --out "$out/handbook.$fmt"
done
for fmt in md json docx; do
  policykb export quiz --n 20 --seed 1 --format "$fmt" --out "$out/quiz-seed1.$fmt"
done
policykb export diagram --format svg --out "$out/ontology.svg"
policykb export diagram --view measure --measure 三（十） --format svg --out "$out/measure-s3-i10.svg"
policykb export diagram --view measure --measure 三（十） --format png --out "$out/measure-s3-i10.png"
ls -l "$out"
