"""Test-data factories: invented articles and the outlet rewrites wirecopy must recognise.

Every default article is a fresh local-news story (its own town, people and numbers, three
direct quotes), so two default articles share almost no word 4-grams. `rewrite` derives an
outlet's version of one: "verbatim" (page debris added), "light", "heavy" (quotes kept
verbatim) or "quotes_only" (a same-event story sharing nothing but the quotes).
Everything is deterministic: the n-th default article and a rewrite's seed fix the text.

>>> wire = make_article(source="AP")
>>> copy = rewrite(wire, "heavy", seed=3)
>>> copy.id == f"{wire.id}-heavy" and copy.published_at > wire.published_at
True
"""

import itertools
import random
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Literal, TypedDict, Unpack

from wirecopy.articles import Article

Level = Literal["verbatim", "light", "heavy", "quotes_only"]

_LEADS = """\
The {body} of {town} approved a plan on {weekday} to rebuild the {project} after {n} months.
{town} will spend {money} million euros to rebuild its {project}, the {body} decided on {weekday}.
A plan to rebuild the {project} in {town} passed on {weekday} when the {body} voted {n2} to {n}."""
_NARRATIVE = """\
Work is expected to start in {month} and take about {n} weeks, according to {body} documents.
{title} {official} told a packed hall on {street} Street that phase one would need {money} million.
About {n3} residents of {town} backed a petition in {month} demanding the {body} publish figures.
The old {project} was built in {year} and has been closed {n} times since {year2} because of faults.
In all, {n} members argued the money should go to {n2} new homes in {town} instead.
{resident}, a {job} in {town} since {year}, said delays had already cost shops on {street} Street.
Since the closure, queues on {street} Street have stretched {n} kilometres on {weekday} mornings.
A contractor, {company} Construction, submitted the lowest of {n} bids, at {money} million euros.
Engineers who inspected the site in {month} {year2} found corrosion in {n} of {n2} beams.
{town2} and {town3} applied in {month} to share the {project}, but no deal was signed by {weekday}.
The government promised {pct} percent of the {money} million bill if works begin by {year3}.
Critics point to {town2}, where a similar project ran {n} months late and {pct} percent over budget.
A consultation in {month} drew {n3} responses, {pct} percent of them urging a faster timetable.
Businesses on {street} Street reported a fall in takings of {pct} percent in {year2}.
The {body} will meet again on {weekday} to decide how the {n2} contracts are awarded.
Environmental groups in {town} want the {body} to protect {n2} nesting swifts near the {project}.
Insurance for the {project} rose {pct} percent after a lorry struck it in {year2}.
Lawyers for {company} Holdings challenged the tender, and judges in {town2} will rule in {month}.
Bus routes {n} and {n2} will be diverted through {town2} while the works continue.
A survey of {n3} firms in {town} found {pct} percent fear lower sales until {month} {year3}.
The {body} has already spent {money} million euros on studies since {year2}, records show.
On {street} Street, {resident} said cracks first appeared in the {project} in {month} {year2}.
{company} Engineering estimated in {year2} that repairs alone would cost {money} million euros.
The {project} carries roughly {n3} vehicles a day, {pct} percent of them lorries.
Two rival bids, from {company} and {town2} Builders, were rejected in {month} as too expensive.
{critic}, the opposition leader in {town}, wants an independent audit of all {n2} projects.
Heavy rain in {month} {year2} flooded the {project} for {n} days and shut it for {n2} more.
The {body} expects {n3} new jobs by {year3}, {n2} of them apprenticeships.
A {year} attempt to fund the {project} collapsed in a row between {town} and {town2}.
The regional auditor warned in {year2} that {town} underspent on upkeep by {money} million.
Police closed {street} Street for {n} hours on {weekday} when {n2} metres of railing fell.
Tourism to {town} fell by {pct} percent in {year2}, the year the {project} was first shut.
{title} {official} has promised {town} a vote on the {project} design before {month} {year3}.
The {body} borrowed {money} million euros from {company} Bank in {year2} at {n} percent interest.
Design drawings by {company} Architects show {n} lanes, {n2} lamp posts and a {n3}-metre cycle path.
A {job} from {town2}, {critic}, collected {n3} signatures against the plan in {n} days."""
_QUOTES = """\
"{town} has waited since {year}, and {year3} is simply too late," {title} {official} said.
"Nobody on {street} Street voted for this {money} million bill," said {resident}, a {job}.
"If the {project} stays shut past {month} {year3}, {town} deserves an explanation," {resident} said.
"I counted {n3} lorries on {street} Street last {weekday} alone," {resident} told reporters.
"Those {town2} figures from {year} worried all {n} of our engineers," {official} said.
"I would rather open in {year3} than rush the {project} for {month} {n}," {official} said.
"Grandad built that {project} in {year} for {n2} thousand," said {critic}.
"We were promised {money} million in {year2} and have seen {pct} percent of it," {critic} said.
"My shop lost {pct} percent of its trade in {month}, and the {body} never called," {resident} said.
"Since {year2} the {body} has named {n} opening dates for the {project}," {critic} said."""
# Interchangeable words: generation picks among them for variety, rewrites swap them.
_SYNONYM_GROUPS = """said stated noted | told informed | approved backed endorsed
| plan proposal scheme | rebuild replace overhaul | residents locals inhabitants
| about roughly nearly | start begin
| expected due set | documents papers records | demanding urging | publish release disclose
| closed shut | faults defects flaws | argued insisted contended | money funds cash | rose climbed
| shops stores retailers | queues tailbacks jams | submitted lodged filed | bids offers tenders
| lowest cheapest | inspected examined surveyed | found discovered detected | corrosion rust
| beams girders | agreement deal accord pact | signed finalised concluded | promised pledged vowed
| critics opponents sceptics | similar comparable equivalent | decide determine settle
| fall drop decline | responses submissions replies | faster quicker swifter | homes houses
| timetable schedule | businesses companies traders | meet convene gather | packed crowded
| awarded allocated granted | hall auditorium venue | phase stage | old ageing existing
| built constructed erected | members councillors representatives | warned cautioned
| delays setbacks | works repairs | figures data statistics | challenged contested disputed
| diverted rerouted redirected | flooded swamped | collapsed failed foundered | rejected dismissed
| protect shield safeguard | row dispute quarrel | upkeep maintenance | carries handles
| attempt effort | worried troubled | lawyers attorneys solicitors | tender contract
| cracks fissures | appeared emerged surfaced | stretched reached extended | closure shutdown
| asked sought | lorries trucks wagons | lorry truck wagon | struck hit | independent external
| audit review | heavy torrential | jobs positions roles | regional provincial
| studies reports assessments | show indicate reveal | rival competing | expensive costly
| fear expect anticipate | collected gathered | design layout | continue proceed
| environmental green | nesting breeding | fell dropped | takings revenue turnover
| vehicles cars | engineers inspectors | contractor builder | vote ballot referendum
| government ministry | trade custom | rather sooner | leader chief head | judges magistrates
| opening completion | dates deadlines | lower reduced weaker | simply just
| apprenticeships traineeships"""
_SYNONYMS = {
    word: tuple(group.split()) for group in _SYNONYM_GROUPS.split("|") for word in group.split()
}
_NAMES = """Mara Tobin Ilse Rafael Noor Pieter Salome Dario Anouk Kwame Greta Idris Lotte Emeka Vera
| Okafor Lindqvist Marchetti Hale Brennan Varga Achterberg Moreau Quist Delacroix Ferreira Kowal
Ashdown Nakamura Ruiz Ostrander Pellew Sandoval Thorne Wekesa Haddad Eriksen Mbeki Duarte"""
_FIRST_NAMES, _LAST_NAMES = (part.split() for part in _NAMES.split("|"))
_TOWN_PARTS = """Ash Bram Cal Dun Esk Fen Gar Hol Ivel Kel Lor Mar Nor Ost Pell Quen Rav Sel Tor Vel
| bury ford mouth stead wick haven more ton field brook cliff dale gate holm port"""
_TOWN_STARTS, _TOWN_ENDS = (part.split() for part in _TOWN_PARTS.split("|"))
_PROJECTS = "Bridge|Sea Wall|Tram Depot|Pumping Station|Ring Road|Hospital Wing|Library|Footbridge"
_BODY_PARTS = (
    "town district county harbour city borough | council board assembly committee authority"
)
_BODY_KINDS, _BODY_NOUNS = (part.split() for part in _BODY_PARTS.split("|"))
_TITLES = "Mayor|Councillor|Deputy Mayor|Director|Commissioner"
_JOBS = "baker|nurse|taxi driver|teacher|plumber|pharmacist|fishmonger|retired engineer"
_RANGES = {"n": (2, 19), "n2": (20, 59), "n3": (60, 990), "pct": (11, 75), "year": (1950, 1999)}
_RANGES |= {"year2": (2000, 2019), "year3": (2027, 2031)}
_MONTHS = "January February March April May June July August September October November"
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday"
_BACKGROUND = """\
Spending on infrastructure has become a recurring theme in regional politics this year.
Several towns in the region face similar repair bills after decades of underinvestment.
Building costs across the country have risen sharply over the past three years."""
_ATTRIBUTIONS = ("a spokesperson said", "one resident told reporters", "an official added")
_DEBRIS = ("Share", "By Jane Roe", "© Example Photo Agency")
_FIRST_TIME = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
_article_numbers = itertools.count(1)


class ArticleFields(TypedDict, total=False):
    """The Article fields that `make_article` lets a test override."""

    id: str
    text: str
    title: str | None
    source: str | None
    published_at: datetime | None
    url: str | None


def make_article(number: int | None = None, **overrides: Unpack[ArticleFields]) -> Article:
    """A fresh invented wire story (ids art-1, art-2, ...); `overrides` replace any field.

    `number` picks the n-th story itself, the same whatever ran before (estimates drawn
    from its signature are then the same on every run)."""
    number = next(_article_numbers) if number is None else number
    title, sentences = _invent_story(random.Random(f"article-{number}"), with_quotes=True)
    article = Article(
        id=f"art-{number}",
        text=_as_paragraphs(sentences),
        title=title,
        source="Wire Agency",
        published_at=_FIRST_TIME + timedelta(minutes=10 * number),
        url=f"https://wire.example/art-{number}",
    )
    return replace(article, **overrides)


def rewrite(article: Article, level: Level, seed: int = 0) -> Article:
    """An outlet's version of `article`, one hour later (see the module docstring)."""
    rng = random.Random(f"{article.id}:{level}:{seed}")
    title = article.title or article.text[:60]
    sentences = re.split(r"(?<=[.!?])\s+", article.text.strip())
    if level == "verbatim":
        text = "\n".join((*_DEBRIS, article.text, f"Image caption: {title}", "Read more"))
    elif level == "light":
        title = _reword(title, rng, share=1.0)
        text = f"{title}\n\n{_as_paragraphs(_lightly_edited(sentences, rng))}"
    elif level == "heavy":
        title = _reword(title, rng, share=1.0)
        text = _as_paragraphs(_heavily_edited(sentences, rng))
    else:
        title, fresh = _invent_story(rng, with_quotes=False)
        # the source's two shortest quotes in a story of its own, as same-event coverage does
        quotes = sorted(re.findall(r'"[^"]+"', article.text), key=len)[:2]
        text = _as_paragraphs(_with_quotes_inserted(fresh, quotes, rng))
    outlet, new_id = f"{level.replace('_', ' ').title()} Example", f"{article.id}-{level}"
    return replace(
        article,
        id=new_id,
        text=text,
        title=title,
        source=outlet,
        published_at=(article.published_at or _FIRST_TIME) + timedelta(hours=1),
        url=f"https://{level}.example/{new_id}",
    )


def _invent_story(rng: random.Random, with_quotes: bool) -> tuple[str, list[str]]:
    """A headline and the sentences of a new story about an invented town."""
    cast = {"town": _town_name(rng), "street": rng.choice(_LAST_NAMES)}
    cast["project"] = f"{rng.choice(_LAST_NAMES)} {rng.choice(_PROJECTS.split('|'))}"
    cast["body"] = f"{rng.choice(_BODY_KINDS)} {rng.choice(_BODY_NOUNS)}"
    for slot, choices in (("title", _TITLES), ("job", _JOBS)):
        cast[slot] = rng.choice(choices.split("|"))
    for role in ("official", "resident", "critic"):
        cast[role] = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
    templates = [rng.choice(_LEADS.splitlines()), *rng.sample(_NARRATIVE.splitlines(), k=24)]
    sentences = [_fill(template, cast, rng) for template in templates]
    if with_quotes:
        quotes = [_fill(template, cast, rng) for template in rng.sample(_QUOTES.splitlines(), k=3)]
        sentences = _with_quotes_inserted(sentences, quotes, rng)
    headline = f"{cast['town']} {cast['body']} approved plan to rebuild {cast['project']}"
    return _reword(headline, rng, share=0.7), sentences


def _town_name(rng: random.Random) -> str:
    return rng.choice(_TOWN_STARTS) + rng.choice(_TOWN_ENDS)


_FILLERS = [
    "now",
    "also",
    "still",
    "again",
    "already",
    "recently",
    "formally",
    "publicly",
    "quietly",
    "reportedly",
    "largely",
    "partly",
    "mostly",
    "openly",
    "firmly",
    "briefly",
    "locally",
    "initially",
    "eventually",
    "finally",
    "widely",
    "roughly",
    "directly",
    "notably",
    "jointly",
    "clearly",
    "simply",
    "fully",
    "duly",
    "later",
    "soon",
    "early",
    "once",
    "twice",
]


def _interleave(text: str, rng: random.Random) -> str:
    """Slip filler words between half of the words, so that stories built from the same
    templates share no run of five words (the engine's shingle), as unrelated stories don't."""
    words = []
    for word in text.split():
        words.append(word)
        if rng.random() < 0.5 and not word.endswith((".", ",", '"')):
            words.append(rng.choice(_FILLERS))
    return " ".join(words)


def _fill(template: str, cast: dict[str, str], rng: random.Random) -> str:
    """Fill a template's slots from the cast and fresh random values, then vary its words."""
    fresh: dict[str, object] = {slot: rng.randint(*bounds) for slot, bounds in _RANGES.items()}
    fresh |= {
        "money": f"{rng.randint(2, 90)}.{rng.randint(1, 9)}",
        "month": rng.choice(_MONTHS.split()),
        "weekday": rng.choice(_WEEKDAYS.split()),
        "town2": _town_name(rng),
        "town3": _town_name(rng),
        "company": rng.choice(_LAST_NAMES),
    }
    return _interleave(_reword(template.format(**cast, **fresh), rng, share=0.7), rng)


def _reword(text: str, rng: random.Random, share: float) -> str:
    """Swap each word of `text` found in the synonym table, with probability `share`."""

    def swap(match: re.Match[str]) -> str:
        word = match.group()
        group = _SYNONYMS.get(word.lower())
        if group is None or rng.random() >= share:
            return word
        other = rng.choice([choice for choice in group if choice != word.lower()])
        return other.capitalize() if word[0].isupper() else other

    return re.sub(r"[A-Za-z]+", swap, text)


def _outside_quotes(sentence: str, change: Callable[[str], str]) -> str:
    """Apply `change` to every part of `sentence` that is not inside double quotes."""
    parts = re.split(r'("[^"]+")', sentence)
    return "".join(part if index % 2 else change(part) for index, part in enumerate(parts))


def _lightly_edited(sentences: list[str], rng: random.Random) -> list[str]:
    """Drop ~10% of sentences, swap two neighbours, change a few words."""
    how_many = min(len(sentences) - 1, max(1, len(sentences) // 10))
    dropped = set(rng.sample(range(1, len(sentences)), k=how_many))
    kept = [sentence for index, sentence in enumerate(sentences) if index not in dropped]
    _swap_neighbours(kept, rng)
    return [_outside_quotes(s, lambda part: _reword(part, rng, share=0.1)) for s in kept]


def _heavily_edited(sentences: list[str], rng: random.Random) -> list[str]:
    """Swap ~45% of content words, drop ~20% of sentences, add background, reorder; keep quotes."""
    kept = [s for i, s in enumerate(sentences) if i == 0 or '"' in s or rng.random() > 0.2]
    edited = [_outside_quotes(s, lambda part: _reword(part, rng, share=0.9)) for s in kept]
    for background in rng.sample(_BACKGROUND.splitlines(), k=2):
        edited.insert(rng.randint(1, len(edited)), _reword(background, rng, share=0.5))
    for _ in range(3):
        _swap_neighbours(edited, rng)
    return edited


def _swap_neighbours(sentences: list[str], rng: random.Random) -> None:
    """Swap one random pair of adjacent sentences, never moving the first."""
    if len(sentences) >= 3:
        index = rng.randrange(1, len(sentences) - 1)
        sentences[index], sentences[index + 1] = sentences[index + 1], sentences[index]


def _with_quotes_inserted(sentences: list[str], quotes: list[str], rng: random.Random) -> list[str]:
    """Put each quote (a quoted sentence, or a bare "quote" given an attribution) after the lead."""
    result = list(sentences)
    for quote in quotes:
        line = quote if quote.endswith(".") else f"{quote} {rng.choice(_ATTRIBUTIONS)}."
        result.insert(rng.randint(1, len(result)), line)
    return result


def _as_paragraphs(sentences: list[str]) -> str:
    """Two sentences to a paragraph, paragraphs separated by a blank line."""
    return "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


_BRIEF_WORDS = sorted(
    {f"{start}{end}".lower() for start in _TOWN_STARTS for end in _TOWN_ENDS}
    | {name.lower() for name in _FIRST_NAMES + _LAST_NAMES}
    | set(_FILLERS)
    | set(_SYNONYMS)
)


def make_brief(number: int, words: int = 40) -> Article:
    """A short invented news brief (`words` words), cheap to make by the thousand: the n-th
    is the same on every run, and two briefs share no run of five words, as unrelated
    items don't (each word is drawn at random from several hundred)."""
    rng = random.Random(f"brief-{number}")
    drawn = [rng.choice(_BRIEF_WORDS) for _ in range(words)]
    half = words // 2
    text = f"{' '.join(drawn[:half]).capitalize()}. {' '.join(drawn[half:]).capitalize()}."
    return Article(
        id=f"brief-{number}",
        text=text,
        title=" ".join(drawn[:5]).capitalize(),
        source="Brief Desk",
        published_at=_FIRST_TIME + timedelta(seconds=number),
        url=f"https://briefs.example/{number}",
    )
