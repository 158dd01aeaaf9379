"""Mentions merged into the entities of one article, with canonical names, types and roles.

- Mentions with the same folded words are one entity.
- A person mention whose words appear, in order, inside a person entity's fullest name
  joins it («بوتين» → «فلاديمير بوتين»; «كيم» → «كيم جونغ أون», the Kim mentioned most so
  far); a fuller mention absorbs an entity whose every mention it contains. «كيم جونغ إيل»
  and «كيم جونغ أون» stay two people: neither contains the other.
- The canonical name is the fullest mention; the type is the vote of the mentions.
- Role nouns in apposition just before a person's mention («الحاكم ميخائيل ديجتياريف»,
  «وزير الوحدة الكوري الجنوبي كيم يونغ هو») are recorded as the entity's roles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.entities.lexicons import role_nouns
from khabar.entities.mentions import TaggedMention
from khabar.model import Entity, Mention, Span, Token
from khabar.text.normalize import fold

#: Words that may link a role noun to the name it describes («المتحدث باسم الكرملين»).
_ROLE_LINKS = frozenset({"باسم", "العام", "عام"})
_MAX_ROLE_TOKENS = 6


@dataclass
class _Cluster:
    mentions: list[TaggedMention] = field(default_factory=list)

    @property
    def keys(self) -> set[tuple[str, ...]]:
        return {words(m.text) for m in self.mentions}

    @property
    def fullest(self) -> TaggedMention:
        return max(self.mentions, key=lambda m: (len(words(m.text)), len(m.text), -m.start))

    @property
    def type(self) -> str:
        votes = Counter(m.type for m in self.mentions)
        first = self.mentions[0].type
        return max(votes, key=lambda t: (votes[t], t == first))


@lru_cache(maxsize=100_000)
def words(text: str) -> tuple[str, ...]:
    """The folded words of a mention, without the article: «الولايات المتحدة» → ('ولايات',
    'متحده'), so that «للولايات المتحدة» (article elided) matches it."""
    return tuple(w[2:] if w.startswith("ال") and len(w) > 3 else w
                 for w in fold(text).replace("-", " ").split())


def _inside(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    n = len(short)
    return 0 < n <= len(long) and any(long[i:i + n] == short for i in range(len(long) - n + 1))


def _find(clusters: list[_Cluster], mention: TaggedMention) -> _Cluster | None:
    key = words(mention.text)
    for cluster in clusters:
        if key in cluster.keys:
            return cluster
    if mention.type != "PER":
        return None
    candidates = [c for c in clusters if c.type == "PER" and _inside(key, words(c.fullest.text))]
    if candidates:  # the person mentioned most so far, then the latest
        return max(candidates, key=lambda c: (len(c.mentions), c.mentions[-1].start))
    absorbed = [c for c in clusters if c.type == "PER" and all(_inside(k, key) for k in c.keys)]
    return absorbed[0] if len(absorbed) == 1 else None


def merge_mentions(mentions: Sequence[TaggedMention]) -> list[list[TaggedMention]]:
    """Groups of mentions, one group per entity, in order of first mention."""
    clusters: list[_Cluster] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        cluster = _find(clusters, mention)
        if cluster is None:
            clusters.append(_Cluster([mention]))
        else:
            cluster.mentions.append(mention)
    return [c.mentions for c in clusters]


def role_before(text: str, tokens: Sequence[Token], first: int, taken: set[int]) -> Span | None:
    """The role noun phrase in apposition right before token ``first``, if any.

    Walks back over definite words, links and place/organisation mentions (``taken`` are
    the token indices inside non-person mentions) to the farthest role noun.
    """
    roles = role_nouns()
    head: int | None = None
    i = first - 1
    while i >= 0 and first - i <= _MAX_ROLE_TOKENS:
        token = tokens[i]
        if "\n" in text[token.end:tokens[i + 1].start]:
            break  # apposition never runs over a paragraph break
        stem = fold(token.stem.text)
        definite = any(fold(p.text) == "ال" for p in token.prefixes)
        if stem in roles:
            head = i
        elif not (definite or i in taken or fold(token.text) in _ROLE_LINKS):
            # An indefinite word may follow a role noun in a construct («وزير خارجية»).
            if not (i > 0 and fold(tokens[i - 1].stem.text) in roles and token.text.isalpha()):
                break
        i -= 1
    if head is None:
        return None
    start = _phrase_start(tokens[head])
    end = tokens[first - 1].end
    return Span(start, end, text[start:end])


def _phrase_start(token: Token) -> int:
    for prefix in token.prefixes:
        if fold(prefix.text) == "ال":
            return prefix.start
    return token.stem.start


def build_entities(text: str, tokens: Sequence[Token],
                   mentions: Sequence[TaggedMention]) -> tuple[Entity, ...]:
    """Entities E1, E2, … in order of first mention, with names, types and roles."""
    taken = {i for m in mentions if m.type != "PER" for i in range(m.first, m.last)}
    entities = []
    for number, group in enumerate(merge_mentions(mentions), 1):
        cluster = _Cluster(group)
        kind = cluster.type
        roles: dict[tuple[int, int], Span] = {}
        if kind == "PER":
            for m in group:
                role = role_before(text, tokens, m.first, taken)
                if role is not None:
                    roles[(role.start, role.end)] = role
        entities.append(Entity(
            id=f"E{number}", type=kind, name=cluster.fullest.text,
            mentions=tuple(Mention(m.start, m.end, m.text) for m in group),
            roles=tuple(roles[k] for k in sorted(roles)),
        ))
    return tuple(entities)
