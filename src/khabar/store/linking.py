"""Cross-article entities: one global entity per person, organisation or place.

A document's entity is linked to a global entity by its names, folded and stripped of
titles («الرئيس الروسي فلاديمير بوتين» → «فلاديمير بوتين»):

1. a global entity of the same type with one of its names as an alias, or with the same
   Latin name («Vladimir Putin»);
2. for people, one whose names share the family name and do not contradict the given
   name: «بوتين» and «فلاديمير بوتين» are one person; «جو بايدن» and «هانتر بايدن» are two;
3. otherwise a new global entity.

When several candidates fit, the one seen in the most articles wins.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from khabar.model import Entity
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Title words (folded, without ال) from ``resources/store/name_titles.txt``."""
    return frozenset(_bare(fold(w)) for w in load_lines("store/name_titles.txt"))


def _bare(word: str) -> str:
    """The word without a leading article ال (when enough remains)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name as matched across articles: ``words`` folded; ``display`` the original words."""

    words: tuple[str, ...]
    display: str

    @property
    def folded(self) -> str:
        return " ".join(self.words)

    @property
    def last(self) -> str:
        return self.words[-1]


@lru_cache(maxsize=65536)
def name_key(name: str, type: str) -> NameKey | None:
    """The matching key of a name, or None when nothing of it is left.

    >>> name_key("الرئيس الروسي فلاديمير بوتين", "PER").folded
    'فلاديمير بوتين'
    >>> name_key("الكرملين", "ORG").folded
    'كرملين'
    """
    originals = _WORD.findall(name)
    words = [fold(w).lower() for w in originals]
    if type == "PER":
        drop, after_title = 0, False
        while drop < len(words) - 1:
            word = _bare(words[drop])
            if word in titles():
                after_title = True
            elif not (after_title and words[drop].startswith("ال") and words[drop][-1] in "يه"):
                break
            drop += 1
        words, originals = words[drop:], originals[drop:]
    else:
        words = [_bare(w) for w in words]
    if not words:
        return None
    return NameKey(tuple(words), " ".join(originals))


#: Words that bind to the next one in a name: «عبد الله», «أبو مازن», «محمد بن سلمان».
_BINDING = frozenset({"عبد", "ابو", "ابن", "بن", "بنت", "ابي", "ال"})


def name_units(words: tuple[str, ...]) -> tuple[str, ...]:
    """Name words with binding words joined to the next: («محمد», «بن سلمان»)."""
    units: list[str] = []
    pending = ""
    for word in words:
        if word in _BINDING:
            pending = f"{pending}{word} "
        else:
            units.append(pending + word)
            pending = ""
    if pending:
        units.append(pending.strip())
    return tuple(units)


def _compatible(full: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two names of one person: same family name, and same given name when both have one.

    «بوتين» fits «فلاديمير بوتين»; «هانتر بايدن» does not fit «جو بايدن»; «سلمان» does not
    fit «محمد بن سلمان» (the son), «بن سلمان» does.
    """
    a, b = name_units(full), name_units(other)
    if a[-1] != b[-1]:
        return False
    return len(a) == 1 or len(b) == 1 or a[0] == b[0]


def entity_keys(entity: Entity) -> list[NameKey]:
    """The keys of an entity's name and mention texts, the entity's own name first."""
    keys: dict[str, NameKey] = {}
    for text in (entity.name, *(m.text for m in entity.mentions)):
        key = name_key(text, entity.type)
        if key is not None and key.folded not in keys:
            keys[key.folded] = key
    return list(keys.values())


def _most_seen(conn: sqlite3.Connection, ids: Iterable[int]) -> int | None:
    found = sorted(set(ids))
    if not found:
        return None
    marks = ",".join("?" * len(found))
    row = conn.execute(f"SELECT id FROM entities WHERE id IN ({marks}) "
                       "ORDER BY articles DESC, id LIMIT 1", found).fetchone()
    return int(row[0]) if row else None


def find_entity(conn: sqlite3.Connection, entity: Entity, keys: list[NameKey]) -> int | None:
    """The id of the global entity ``entity`` belongs to, or None for a new one."""
    if not keys:
        return None
    full = max(keys, key=lambda k: len(k.words))
    folded = [k.folded for k in keys]
    if len(full.words) > 1:
        folded = [full.folded]  # a full name decides; a shared surname alone does not
    marks = ",".join("?" * len(folded))
    exact = conn.execute(
        f"SELECT a.entity FROM aliases a JOIN entities e ON e.id = a.entity "
        f"WHERE a.folded IN ({marks}) AND e.type = ?", (*folded, entity.type)).fetchall()
    found = _most_seen(conn, (r[0] for r in exact))
    if found is not None:
        return found
    if entity.latin:
        rows = conn.execute("SELECT id FROM entities WHERE lower(latin) = ? AND type = ?",
                            (entity.latin.lower(), entity.type)).fetchall()
        found = _most_seen(conn, (r[0] for r in rows))
        if found is not None:
            return found
    if entity.type != "PER":
        return None
    rows = conn.execute(
        "SELECT a.entity, a.folded FROM aliases a JOIN entities e ON e.id = a.entity "
        "WHERE a.last = ? AND e.type = 'PER'", (full.last,)).fetchall()
    names: dict[int, list[tuple[str, ...]]] = {}
    for entity_id, alias in rows:
        names.setdefault(int(entity_id), []).append(tuple(alias.split()))
    fitting = [eid for eid, aliases in names.items()
               if all(_compatible(full.words, a) for a in aliases)]
    return _most_seen(conn, fitting)


def link_entity(conn: sqlite3.Connection, entity: Entity, counted: set[int]) -> int:
    """Link ``entity`` to a global entity (creating one when needed) and record its aliases.

    ``counted`` holds the global ids already counted for this article, so an article counts
    once per global entity even when two of its entities link to the same one.
    """
    keys = entity_keys(entity)
    entity_id = find_entity(conn, entity, keys)
    name = keys[0].display if keys else entity.name
    if entity_id is None:
        cur = conn.execute("INSERT INTO entities(type, name, latin) VALUES (?, ?, ?)",
                           (entity.type, name, entity.latin))
        entity_id = int(cur.lastrowid or 0)
    else:
        row = conn.execute("SELECT name, latin FROM entities WHERE id = ?", (entity_id,)).fetchone()
        longer = len(name.split()) > len(str(row[0]).split())
        conn.execute("UPDATE entities SET name = ?, latin = coalesce(latin, ?) WHERE id = ?",
                     (name if longer else row[0], entity.latin, entity_id))
    conn.execute("UPDATE entities SET articles = articles + ?, mentions = mentions + ? "
                 "WHERE id = ?", (0 if entity_id in counted else 1, len(entity.mentions),
                                  entity_id))
    counted.add(entity_id)
    uses: dict[str, int] = {}
    for mention in entity.mentions:
        key = name_key(mention.text, entity.type)
        if key is not None:
            uses[key.folded] = uses.get(key.folded, 0) + 1
    aliases = [(k.folded, k.display, k.last, uses.get(k.folded, 0)) for k in keys]
    if entity.latin:
        latin = entity.latin.strip()
        aliases.append((latin.lower(), latin, latin.lower().split()[-1], 0))
    conn.executemany(
        "INSERT INTO aliases(entity, folded, alias, last, count) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(entity, folded) DO UPDATE SET count = count + excluded.count",
        [(entity_id, *alias) for alias in aliases if alias[0]])
    return entity_id


def refresh_names(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Rebuild the name index row of each entity (all its aliases, folded)."""
    for entity_id in set(entity_ids):
        names = " ".join(r[0] for r in conn.execute(
            "SELECT folded FROM aliases WHERE entity = ?", (entity_id,)))
        conn.execute("DELETE FROM entities_fts WHERE rowid = ?", (entity_id,))
        conn.execute("INSERT INTO entities_fts(rowid, names) VALUES (?, ?)", (entity_id, names))
