"""MS-OVBA 2.4.1 compression, and a compressor that hits an exact output size.

VBA source and the ``dir`` stream of a ``vbaProject.bin`` are stored in this LZ77 variant. The
add-in builder rewrites two streams of xlwings' template without Excel; to keep the compound
file's layout untouched (olefile only overwrites a stream with data of the same size), each new
stream is compressed to exactly the old stream's size. That is possible because one text has
many valid encodings: a copy token can always be shortened by one byte that goes out as a
literal, or replaced by its bytes as literals, and the result still decompresses to the same
bytes. See MS-OVBA §2.4.1.1 (structures) and §2.4.1.3 (algorithms).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CHUNK = 4096
_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011


class CompressionError(ValueError):
    """The data cannot be stored in the requested size."""


def _bit_count(difference: int) -> int:
    """Offset bits of a copy token at ``difference`` bytes into its chunk (§2.4.1.3.19.1)."""
    bits = 4
    while (1 << bits) < difference:
        bits += 1
    return bits


def _max_length(difference: int) -> int:
    return (0xFFFF >> _bit_count(difference)) + 3


def decompress(data: bytes) -> bytes:
    """A CompressedContainer back to its bytes (§2.4.1.3.1)."""
    if not data or data[0] != _SIGNATURE:
        raise CompressionError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(data):
        if pos + 2 > len(data):
            raise CompressionError("truncated chunk header")
        header = int.from_bytes(data[pos : pos + 2], "little")
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != _CHUNK_SIGNATURE:
            raise CompressionError("bad chunk signature")
        end = min(pos + size, len(data))
        pos += 2
        start = len(out)
        if not header & 0x8000:
            out += data[pos : pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = data[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags & (1 << bit):
                    out.append(data[pos])
                    pos += 1
                    continue
                token = int.from_bytes(data[pos : pos + 2], "little")
                pos += 2
                bits = _bit_count(len(out) - start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                if offset > len(out) - start:
                    raise CompressionError("copy token reaches before its chunk")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


@dataclass(frozen=True, slots=True)
class _Token:
    """A literal (``length`` 0) or a copy of ``length`` bytes from ``offset`` back."""

    position: int  # in the chunk's decompressed data
    length: int = 0
    offset: int = 0

    @property
    def size(self) -> int:
        return 2 if self.length else 1

    @property
    def covers(self) -> int:
        return self.length or 1


def _tokenize(chunk: bytes) -> list[_Token]:
    """Greedy longest match, nearest candidate first (§2.4.1.3.19.4)."""
    matches = _longest_matches(chunk)
    tokens: list[_Token] = []
    pos = 0
    while pos < len(chunk):
        length, offset = matches[pos]
        if length >= 3:
            tokens.append(_Token(pos, length, offset))
            pos += length
        else:
            tokens.append(_Token(pos))
            pos += 1
    return tokens


def _longest_matches(chunk: bytes) -> list[tuple[int, int]]:
    """(length, offset) of the longest, nearest earlier match at every position."""
    found: list[tuple[int, int]] = []
    for pos in range(len(chunk)):
        best_length, best_offset = 0, 0
        limit = min(_max_length(pos), len(chunk) - pos)
        if pos > 0 and limit >= 3:
            first = chunk[pos]
            candidate = chunk.rfind(first, 0, pos)
            while candidate >= 0:
                length = 0
                while length < limit and chunk[candidate + length] == chunk[pos + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, pos - candidate
                    if length == limit:
                        break
                candidate = chunk.rfind(first, 0, candidate)
        found.append((best_length, best_offset))
    return found


def _tokenize_optimal(chunk: bytes) -> list[_Token]:
    """The parse with the fewest bytes (literal 1 + 1/8, copy 2 + 1/8 in flag bits).

    Greedy longest match is not always shortest; the size-exact writer needs the shortest as
    its starting point, so that a text whose greedy encoding is a byte too long still fits.
    """
    matches = _longest_matches(chunk)
    n = len(chunk)
    cost = [1 << 60] * n + [0]  # eighths of a byte from each position to the end
    step: list[tuple[int, int]] = [(0, 0)] * n
    for pos in range(n - 1, -1, -1):
        best, choice = cost[pos + 1] + 9, (0, 0)
        length, offset = matches[pos]
        for take in range(3, length + 1):
            candidate = cost[pos + take] + 17
            if candidate < best:
                best, choice = candidate, (take, offset)
        cost[pos], step[pos] = best, choice
    tokens: list[_Token] = []
    pos = 0
    while pos < n:
        take, offset = step[pos]
        tokens.append(_Token(pos, take, offset) if take else _Token(pos))
        pos += take or 1
    return tokens


def _chunk_size(tokens: Sequence[_Token]) -> int:
    return 2 + sum(token.size for token in tokens) + (len(tokens) + 7) // 8


def _encode(chunk: bytes, tokens: Sequence[_Token]) -> bytes:
    body = bytearray()
    for group in range(0, len(tokens), 8):
        flags = 0
        part = bytearray()
        for bit, token in enumerate(tokens[group : group + 8]):
            if token.length:
                flags |= 1 << bit
                bits = _bit_count(token.position)
                value = ((token.offset - 1) << (16 - bits)) | (token.length - 3)
                part += value.to_bytes(2, "little")
            else:
                part.append(chunk[token.position])
        body.append(flags)
        body += part
    size = len(body) + 2
    if size > CHUNK + 2:
        raise CompressionError("chunk does not fit")
    header = (size - 3) | (_CHUNK_SIGNATURE << 12) | 0x8000
    return header.to_bytes(2, "little") + bytes(body)


def _chunks(data: bytes) -> list[bytes]:
    return [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]


def compress(data: bytes) -> bytes:
    """The smallest container this greedy compressor makes (what Office itself does)."""
    out = bytearray([_SIGNATURE])
    for chunk in _chunks(data):
        if chunk:
            out += _encode(chunk, _tokenize(chunk))
    return bytes(out)


def _grow_options(tokens: list[_Token], index: int) -> list[list[_Token]]:
    """Ways to store the copy at ``index`` in more bytes, each decompressing to the same text.

    Peel a literal off its start (+1 byte, +1 token), split it into two copies (+2, +1), or
    spell a short one out as literals (+length-2, +length-1). Which one fits depends on how the
    token count falls on the flag bytes (one per eight tokens).
    """
    token = tokens[index]
    options: list[list[_Token]] = []
    position, length, offset = token.position, token.length, token.offset
    if length >= 4 and length - 1 <= _max_length(position + 1):
        options.append([_Token(position), _Token(position + 1, length - 1, offset)])
    half = length // 2
    if length >= 6 and length - half <= _max_length(position + half):
        options.append([_Token(position, half, offset),
                        _Token(position + half, length - half, offset)])
    if 3 <= length <= 5:
        options.append([_Token(position + i) for i in range(length)])
    return options


def _fit(tokens: list[_Token], extra: int) -> list[_Token] | None:
    """Tokens whose encoding is exactly ``extra`` bytes longer, or None if none is found."""
    base = _chunk_size(tokens)
    if extra == 0:
        return tokens
    # Far from the goal, peel literals off copies (each adds one or two bytes, never more).
    current = list(tokens)
    while _chunk_size(current) - base < extra - 4:
        grown = False
        for index in range(len(current) - 1, -1, -1):
            for option in _grow_options(current, index):
                candidate = current[:index] + option + current[index + 1 :]
                if _chunk_size(candidate) - base <= extra - 1:
                    current = candidate
                    grown = True
                    break
            if grown:
                break
        if not grown:
            return None
    return _finish(current, base + extra, depth=4)


def _finish(tokens: list[_Token], goal: int, depth: int) -> list[_Token] | None:
    """The last few bytes: a short search over which copies to grow, and how."""
    size = _chunk_size(tokens)
    if size == goal:
        return tokens
    if size > goal or depth == 0:
        return None
    tried = 0
    for index in range(len(tokens) - 1, -1, -1):
        if not tokens[index].length:
            continue
        for option in _grow_options(tokens, index):
            found = _finish(tokens[:index] + option + tokens[index + 1 :], goal, depth - 1)
            if found is not None:
                return found
        tried += 1
        if tried >= 10:
            break
    return None


def compress_to_size(data: bytes, size: int) -> bytes:
    """A valid container of exactly ``size`` bytes that decompresses to ``data``."""
    chunks = [chunk for chunk in _chunks(data) if chunk]
    # Two starting parses: the shortest, and the greedy one, whose token count may fall
    # differently on the flag bytes when exactly one more byte is needed.
    for tokenize in (_tokenize_optimal, _tokenize):
        token_lists = [tokenize(chunk) for chunk in chunks]
        fitted = _spread(chunks, token_lists, size)
        if fitted is not None:
            out = bytearray([_SIGNATURE])
            for chunk, tokens in zip(chunks, fitted, strict=True):
                out += _encode(chunk, tokens)
            if len(out) == size:
                return bytes(out)
    smallest = 1 + sum(_chunk_size(_tokenize_optimal(chunk)) for chunk in chunks)
    if smallest > size:
        raise CompressionError(f"needs at least {smallest} bytes, {size} available")
    raise CompressionError(f"cannot store the data in exactly {size} bytes")


def _spread(
    chunks: Sequence[bytes], token_lists: list[list[_Token]], size: int
) -> list[list[_Token]] | None:
    """Grow the chunks' encodings, last chunk first, until they add up to ``size``."""
    extra = size - 1 - sum(_chunk_size(tokens) for tokens in token_lists)
    if extra < 0:
        return None
    fitted = list(token_lists)
    for index in range(len(chunks) - 1, -1, -1):
        if extra == 0:
            break
        room = len(chunks[index]) + (len(chunks[index]) + 7) // 8 + 2
        room = min(room, CHUNK + 2) - _chunk_size(fitted[index])
        for take in range(min(extra, room), -1, -1):
            grown = _fit(fitted[index], take)
            if grown is not None:
                fitted[index] = grown
                extra -= take
                break
    return fitted if extra == 0 else None
