"""The compact seen-set agrees with a Python set, across growth and repeats within a batch."""

from __future__ import annotations

import numpy as np

from needscope.services.seen import SeenKeys


def test_seen_keys_agree_with_a_python_set() -> None:
    rng = np.random.default_rng(3)
    seen = SeenKeys(capacity=8)
    oracle: set[int] = set()
    for _ in range(40):
        keys = rng.integers(0, 3000, size=257, dtype=np.uint64)  # many repeats, some 0
        keys[:5] = rng.integers(0, 2**63, size=5, dtype=np.uint64)
        got = seen.add(keys)
        want = []
        for k in keys.tolist():
            k = k or 1
            want.append(k in oracle)
            oracle.add(k)
        assert got.tolist() == want
    assert len(seen) == len(oracle)
    assert len(seen.table) <= 4 * len(oracle)
