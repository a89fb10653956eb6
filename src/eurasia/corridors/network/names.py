"""Forgiving place-name resolution: ids, names, aliases, any case, with or without diacritics.

A query matches a node when its *key* equals the key of the node's id, name, Russian, Kazakh or
local name, the Kazakh name in the Latin alphabet of 2021 (``Достық`` → ``Dostyq``, ``Шымкент`` →
``Şymkent``), or one of its aliases. The key folds case, strips diacritics (``Małaszewicze`` =
``malaszewicze``), transliterates Cyrillic (Russian, Kazakh, Belarusian, Serbian letters, so
``Достық`` = ``dostyk``), keeps letters of other scripts as they are (``霍尔果斯``, ``ფოთი``,
``بندر عباس``, with Arabic and Persian letter variants merged) and drops punctuation and spaces.
When no key matches exactly, a *loose* key that also merges common transliteration variants
(Kazakh Latin ``q``/``k``, ``y``/``i``, ``kh``/``h``, …) is tried, then a unique prefix. An unknown
name fails with the closest suggestions. :func:`localized_name` gives a node's name for a
language (``en``, ``ru``, ``kk``).

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(
...     ["cn-chongqing", "kz-dostyk"], ["kz-dostyk", "pl-malaszewicze"],
...     nodes={"name": ["Chongqing", "Dostyk", "Małaszewicze"],
...            "name_kk": ["", "Достық", ""], "aliases": ["", "Druzhba", ""]})
>>> [resolve_node(net, q) for q in ["CHONGQING", "kz-dostyk", "Dostyq", "Достык", "malaszewicze"]]
[0, 1, 1, 1, 2]
>>> resolve_node(net, "Chungking")
Traceback (most recent call last):
...
eurasia.errors.UnknownPlaceError: unknown place 'Chungking'; did you mean: Chongqing (cn-chongqing)?
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import weakref
from dataclasses import dataclass

from eurasia.corridors.network.model import Network
from eurasia.errors import DataError, UnknownPlaceError

__all__ = [
    "kazakh_latin",
    "localized_name",
    "name_key",
    "resolve_node",
    "search_nodes",
    "suggest_nodes",
]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Belarusian, Ukrainian, Serbian and Macedonian letters
    "ў": "u", "ї": "i", "є": "e", "ґ": "g", "ј": "j", "љ": "lj", "њ": "nj", "ђ": "dj",
    "ћ": "c", "џ": "dz", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}  # fmt: skip
# letters NFKD does not decompose into a base letter plus marks; Arabic letters typed for their
# Persian forms (yeh, kaf, alef maksura)
_SPECIAL = {
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ı": "i", "ə": "e",
    "ي": "ی", "ى": "ی", "ك": "ک",
}  # fmt: skip
_TABLE = str.maketrans({**_CYRILLIC, **_SPECIAL})
_LOOSE = [("shch", "sc"), ("kh", "h"), ("zh", "j"), ("q", "k"), ("y", "i"), ("w", "v"), ("x", "ks")]
_NON_ALNUM = re.compile(r"[\W_]+")
# The Kazakh Latin alphabet of 2021 (Cyrillic letters outside it spelled as the reform does).
_KAZAKH_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "ş", "щ": "şş", "ъ": "",
    "ы": "y", "і": "ı", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
_WORD_SPLIT = re.compile(r"[\s\-_/(),.]+")


def name_key(text: str) -> str:
    """Return the matching key of a name.

    Folded case, no diacritics, Cyrillic in Latin letters, only letters and digits (of any script).

    Examples
    --------
    >>> name_key("Małaszewicze"), name_key("Ақтау"), name_key("Böyük Kəsik"), name_key("kz-dostyk")
    ('malaszewicze', 'aktau', 'boyukkesik', 'kzdostyk')
    >>> name_key("霍尔果斯"), name_key("ფოთი"), name_key("Асінаўка")
    ('霍尔果斯', 'ფოთი', 'asinauka')
    >>> name_key("بندر عباس") == name_key("بندرعباس"), name_key("كابل") == name_key("کابل")
    (True, True)
    """
    folded = text.casefold().translate(_TABLE)
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    return _NON_ALNUM.sub("", stripped.translate(_TABLE))


def kazakh_latin(text: str) -> str:
    """Kazakh Cyrillic text in the Latin alphabet of 2021 (other characters unchanged).

    Examples
    --------
    >>> [kazakh_latin(n) for n in ("Достық", "Шымкент", "Қарағанды", "Түркістан", "Өзен")]
    ['Dostyq', 'Şymkent', 'Qarağandy', 'Türkıstan', 'Özen']
    """
    out = []
    for ch in text:
        latin = _KAZAKH_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin[:1].upper() + latin[1:] if ch.isupper() else latin)
    return "".join(out)


def localized_name(network: Network, i: int, locale: str) -> str:
    """Return the name of node ``i`` for readers of ``locale`` (``ru``, ``kk``; otherwise English).

    Falls back to the English name where the network has none in that language.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["kz-dostyk"], ["cn-alashankou"],
    ...     nodes={"name": ["Dostyk", "Alashankou"], "name_kk": ["Достық", ""]})
    >>> localized_name(net, 0, "kk"), localized_name(net, 1, "kk"), localized_name(net, 0, "en")
    ('Достық', 'Alashankou', 'Dostyk')
    """
    column = {"ru": network.node_name_ru, "kk": network.node_name_kk}.get(locale)
    if column is not None and str(column[i]).strip():
        return str(column[i])
    return str(network.node_name[i])


def _loose(key: str) -> str:
    for old, new in _LOOSE:
        key = key.replace(old, new)
    return key


@dataclass(frozen=True)
class _Index:
    exact: dict[str, frozenset[int]]
    loose: dict[str, frozenset[int]]
    keys: tuple[tuple[str, int], ...]
    words: tuple[tuple[str, int], ...]


_INDEXES: weakref.WeakKeyDictionary[Network, _Index] = weakref.WeakKeyDictionary()


def _names(network: Network, i: int) -> list[str]:
    aliases = str(network.node_aliases[i])
    names = [
        str(network.node_ids[i]),
        str(network.node_name[i]),
        str(network.node_name_ru[i]),
        str(network.node_name_kk[i]),
        kazakh_latin(str(network.node_name_kk[i])),
        str(network.node_name_local[i]),
        *(aliases.split("|") if aliases else []),
    ]
    return [n for n in names if n.strip()]


def _index(network: Network) -> _Index:
    found = _INDEXES.get(network)
    if found is not None:
        return found
    exact: dict[str, set[int]] = {}
    loose: dict[str, set[int]] = {}
    keys: list[tuple[str, int]] = []
    words: set[tuple[str, int]] = set()
    for i in range(network.n_nodes):
        for name in _names(network, i):
            key = name_key(name)
            if not key:
                continue
            exact.setdefault(key, set()).add(i)
            loose.setdefault(_loose(key), set()).add(i)
            keys.append((key, i))
            words.update((name_key(w), i) for w in _WORD_SPLIT.split(name) if name_key(w))
    index = _Index(
        {k: frozenset(v) for k, v in exact.items()},
        {k: frozenset(v) for k, v in loose.items()},
        tuple(keys),
        tuple(sorted(words)),
    )
    _INDEXES[network] = index
    return index


def _label(network: Network, i: int) -> str:
    return f"{network.node_name[i]} ({network.node_ids[i]})"


def suggest_nodes(network: Network, query: str, *, limit: int = 5) -> list[int]:
    """Node numbers whose names are closest to ``query`` (closest first).

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["Duisburg", "Hamburg"], ["Warsaw", "Duisburg"])
    >>> suggest_nodes(net, "Duisberg")
    [0]
    """
    index = _index(network)
    key = name_key(query)
    best: dict[int, float] = {}
    matcher = difflib.SequenceMatcher(a=key)
    for name, i in index.keys:
        matcher.set_seq1(name)  # a = candidate, b = query (SequenceMatcher caches b)
        matcher.set_seq2(key)
        score = matcher.ratio()
        if score > best.get(i, 0.0):
            best[i] = score
    ranked = sorted((i for i, s in best.items() if s >= 0.6), key=lambda i: (-best[i], i))
    return ranked[:limit]


def _ambiguous(network: Network, query: str, found: frozenset[int]) -> DataError:
    names = ", ".join(_label(network, i) for i in sorted(found))
    return DataError(f"place {query!r} is ambiguous: {names}; give the node id")


def resolve_node(network: Network, query: str) -> int:
    """Return the node number a place name, alias or id refers to.

    Parameters
    ----------
    network
        The network whose nodes are searched.
    query
        An id (``kz-dostyk``), a name in any case, with or without diacritics, in Latin or
        Cyrillic script, or an alias; a unique prefix of a name also works.

    Returns
    -------
    int
        The node number.

    Raises
    ------
    UnknownPlaceError
        If nothing matches (a :class:`~eurasia.errors.NotFoundError`; the message and
        ``suggestions`` list the closest names).
    DataError
        If several nodes match equally well, or the query is empty.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["Duisburg", "Hamburg"], ["Warsaw", "Duisburg"])
    >>> resolve_node(net, "duis"), resolve_node(net, " WARSAW ")
    (0, 2)
    """
    key = name_key(query)
    if not key:
        msg = f"place name {query!r}: expected a node id or name"
        raise DataError(msg)
    index = _index(network)
    for table, k in ((index.exact, key), (index.loose, _loose(key))):
        found = table.get(k)
        if found:
            if len(found) > 1:
                raise _ambiguous(network, query, found)
            return next(iter(found))
    prefixed = frozenset(i for name, i in index.keys if name.startswith(key))
    if len(prefixed) == 1:
        return next(iter(prefixed))
    if len(prefixed) > 1 and len(key) >= 3:
        raise _ambiguous(network, query, prefixed)
    close = suggest_nodes(network, query)
    hint = "; did you mean: " + ", ".join(_label(network, i) for i in close) + "?" if close else ""
    msg = f"unknown place {query!r}{hint}"
    raise UnknownPlaceError(
        msg, query=query, suggestions=tuple(str(network.node_ids[i]) for i in close)
    )


def search_nodes(network: Network, query: str, *, limit: int = 10) -> list[int]:
    """Node numbers for autocomplete: exact matches, then name prefixes, then word prefixes.

    Parameters
    ----------
    network
        The network whose nodes are searched.
    query
        What the user typed so far (any case, script or diacritics).
    limit
        Most results to return.

    Returns
    -------
    list of int
        Node numbers, best first; empty when nothing matches.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["Aktau", "Aktogay", "Almaty"], ["Kuryk", "Aktau", "Aktau"])
    >>> [str(net.node_ids[i]) for i in search_nodes(net, "akt")]
    ['Aktau', 'Aktogay']
    """
    key = name_key(query)
    if not key:
        return []
    index = _index(network)
    rank: dict[int, int] = {}
    for name, i in index.keys:
        if name == key:
            score = 0
        elif name.startswith(key):
            score = 1
        elif key in name:
            score = 3
        else:
            continue
        rank[i] = min(score, rank.get(i, score))
    for word, i in index.words:
        if word.startswith(key):
            rank[i] = min(2, rank.get(i, 2))
    ordered = sorted(rank, key=lambda i: (rank[i], str(network.node_name[i]).casefold(), i))
    return ordered[:limit]
