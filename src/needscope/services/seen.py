"""A compact set of 64-bit keys: what an import has seen so far, at about 12–16 bytes a key."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Keys = npt.NDArray[np.uint64]
GROW_CHUNK = 1 << 18


class SeenKeys:
    """An open-addressing hash set of uint64 keys held in one numpy array."""

    def __init__(self, capacity: int = 1 << 16) -> None:
        size = 1
        while size < capacity:
            size <<= 1
        self.table: Keys = np.zeros(size, dtype=np.uint64)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add(self, keys: Keys) -> npt.NDArray[np.bool_]:
        """Add ``keys`` in order; True where a key was seen before (earlier in ``keys`` too)."""
        keys = np.where(keys == 0, np.uint64(1), keys)  # 0 marks an empty slot
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        present = self._insert(uniq)
        is_first = np.zeros(len(keys), dtype=bool)
        is_first[first] = True
        result: npt.NDArray[np.bool_] = ~is_first | present[inverse]
        return result

    def _insert(self, keys: Keys) -> npt.NDArray[np.bool_]:
        """Insert distinct keys; True where a key was already present."""
        while (self.count + len(keys)) * 10 > len(self.table) * 7:  # load factor ≤ 0.7
            self._grow()
        table = self.table
        mask = np.uint64(len(table) - 1)
        pos = keys & mask
        present = np.zeros(len(keys), dtype=bool)
        todo = np.arange(len(keys))
        while todo.size:
            slots = table[pos[todo]]
            hit = slots == keys[todo]
            present[todo[hit]] = True
            empty = todo[slots == 0]
            done = [todo[hit]]
            if empty.size:
                _, win = np.unique(pos[empty], return_index=True)
                winners = empty[win]
                table[pos[winners]] = keys[winners]
                self.count += int(winners.size)
                done.append(winners)
            todo = np.setdiff1d(todo, np.concatenate(done), assume_unique=True)
            pos[todo] = (pos[todo] + np.uint64(1)) & mask
        return present

    def _grow(self) -> None:
        size = len(self.table) * 2
        old = self.table[self.table != 0]
        self.table = np.zeros(0, dtype=np.uint64)  # free the old table before the new one
        self.table = np.zeros(size, dtype=np.uint64)
        self.count = 0
        for start in range(0, old.size, GROW_CHUNK):  # chunks bound the temporary arrays
            self._insert(old[start : start + GROW_CHUNK])


__all__ = ["SeenKeys"]
