"""Search that forgives (no Django): citizens type what they say, not the catalogue's names.

A query is folded (no accents, đ→d), spelling variants are made one (ký/kí: a word-final "y"
after a consonant is read as "i"), filler words are dropped ("cho", "con", "làm"…), everyday
phrases are replaced by the words the catalogue uses (the synonym list, kept as data — "sổ đỏ"
→ "giấy chứng nhận quyền sử dụng đất"), and a word the catalogue does not know is corrected to
the nearest one it knows (one typo in a word of 4 letters or more, two from 8). Procedures are
ranked by the share of the query's weight they contain (rare words weigh more), with a bonus
for words in the same order and for a procedure code typed whole.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from motcua.core.text import fold

# Single words that carry no meaning in a search for a procedure (folded). Two-word fillers
# ("hồ sơ", "thủ tục") are synonyms of nothing in the synonym list, since "hộ" and "sổ" alone
# mean something ("hộ kinh doanh", "sổ đỏ").
FILLERS = frozenset(
    {
        "cho", "toi", "xin", "lam", "the", "nao", "can", "gi", "o", "dau", "muon", "nhu",
        "de", "va", "voi", "cua", "minh", "giup", "hay", "nop", "viec", "phai", "mot", "duoc",
        "bi", "ve", "co", "khong", "nay", "nhe", "a", "oi", "roi", "sao", "bao", "lau",
    }
)  # fmt: skip
# A procedure must hold at least this share of the query's weight to be a result at all.
MINIMUM_SHARE = 0.5
_WORD = re.compile(r"[0-9a-z]+(?:\.[0-9a-z]+)*")
_VOWELS = frozenset("aeiouy")


def variant(word: str) -> str:
    """One spelling of the i/y variants: ky→ki, ly→li, my→mi (not uy, ay: those are vowels)."""
    if len(word) >= 2 and word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "i"
    return word


def words(text: str) -> list[str]:
    """The folded, variant-normalised words of a text (codes such as 1.000894 stay whole)."""
    return [variant(word) for word in _WORD.findall(fold(text))]


@dataclass(frozen=True, slots=True)
class Synonym:
    phrase: tuple[str, ...]  # what people say, as words
    means: tuple[str, ...]  # what the catalogue says


def synonym(phrase: str, means: str) -> Synonym:
    return Synonym(tuple(words(phrase)), tuple(words(means)))


@dataclass(frozen=True, slots=True)
class Document:
    key: int
    code: str
    words: tuple[str, ...]
    name: str


class Index:
    """The procedures to search, with the vocabulary and each word's weight."""

    def __init__(self, documents: Iterable[tuple[int, str, str]]) -> None:
        self.documents = [
            Document(key, variant(fold(code)), tuple(words(text)), text)
            for key, code, text in documents
        ]
        frequency: Counter[str] = Counter()
        for document in self.documents:
            frequency.update(set(document.words))
        self.vocabulary = frozenset(frequency)
        total = max(len(self.documents), 1)
        self.weight = {word: 1.0 + math.log(total / count) for word, count in frequency.items()}
        # A word no procedure has is as telling as the rarest: a query about something else
        # ("mở tiệm tạp hóa") must not match on its one common word.
        self.unknown_weight = 1.0 + math.log(total)

    def correct(self, word: str) -> str:
        """The word, or the catalogue word nearest to it within the typos allowed."""
        if word in self.vocabulary or word.isdigit() or len(word) < 4:
            return word
        allowed = 2 if len(word) >= 8 else 1
        best, best_distance = word, allowed + 1
        for known in self.vocabulary:
            if abs(len(known) - len(word)) > allowed:
                continue
            distance = _distance(word, known, allowed)
            if distance < best_distance or (distance == best_distance and known < best):
                best, best_distance = known, distance
        return best if best_distance <= allowed else word

    def search(self, query: str, synonyms: Sequence[Synonym] = ()) -> list[int]:
        """Keys of the matching procedures, best first."""
        raw = words(query)
        codes = [word for word in raw if any(char.isdigit() for char in word)]
        code_hits = [d.key for d in self.documents if any(d.code.startswith(c) for c in codes)]
        terms = [self.correct(word) for word in _expand(raw, synonyms) if word not in FILLERS]
        terms = list(dict.fromkeys(terms))  # each word once, in order
        if not terms:
            return code_hits
        total = sum(self.weight.get(term, self.unknown_weight) for term in terms)
        scored: list[tuple[float, str, int]] = []
        for document in self.documents:
            present = set(document.words)
            found = sum(self.weight[term] for term in terms if term in present)
            if found < total * MINIMUM_SHARE:
                continue
            score = found / total + 0.1 * _pairs_in_order(terms, document.words)
            scored.append((-score, document.name, document.key))
        scored.sort()
        best = -scored[0][0] if scored else 0.0
        ranked = [key for negative, _name, key in scored if -negative >= best * 0.4]
        return list(dict.fromkeys([*code_hits, *ranked]))


def _expand(raw: list[str], synonyms: Sequence[Synonym]) -> list[str]:
    """The query with every everyday phrase replaced by the catalogue's words (longest first)."""
    result: list[str] = []
    position = 0
    ordered = sorted(synonyms, key=lambda s: -len(s.phrase))
    while position < len(raw):
        for entry in ordered:
            size = len(entry.phrase)
            if size and tuple(raw[position : position + size]) == entry.phrase:
                result.extend(entry.means)
                position += size
                break
        else:
            result.append(raw[position])
            position += 1
    return result


def _pairs_in_order(terms: list[str], document: tuple[str, ...]) -> int:
    pairs = set(itertools.pairwise(document))
    return sum(1 for pair in itertools.pairwise(terms) if pair in pairs)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early once above `limit`."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
