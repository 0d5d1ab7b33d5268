"""Reciprocal rank fusion of several ranked lists of clause keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kb.messages import msg

RRF_K = 60  # the constant of Cormack et al.; a weight multiplies each signal's 1/(k + rank)


def rrf(
    rankings: Mapping[str, Sequence[str]], weights: Mapping[str, float] | None = None, k: int = RRF_K
) -> list[tuple[str, float]]:
    """Fuse ``{signal: [key, …best first]}`` into ``[(key, score)]``, best first; ties keep first-seen order."""
    scores: dict[str, float] = {}
    for signal, keys in rankings.items():
        weight = 1.0 if weights is None else float(weights.get(signal, 1.0))
        if weight <= 0:
            continue
        for rank, key in enumerate(keys, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def parse_weights(text: str) -> dict[str, float]:
    """``"dense=1,bm25=0.5"`` → ``{"dense": 1.0, "bm25": 0.5}``."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError as exc:
            raise ValueError(msg("search.weights_format", part=part)) from exc
        if not sep or weights[name.strip()] < 0:
            raise ValueError(msg("search.weights_negative", part=part))
    return weights
