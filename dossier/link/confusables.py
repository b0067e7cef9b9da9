"""Names that look alike but are different strings: a Cyrillic "а" in "Kаnye West" makes a
second, identical-looking person. ``dossier check`` reports them so the editor can fix the
seed or merge the two in dossier.yml (the Unicode confusables data: confusable-homoglyphs)."""

from __future__ import annotations

from collections.abc import Iterable

from confusable_homoglyphs import categories, confusables

from ..model import Person

# Scripts whose letters pass for each other. Han with kana (Japanese) or Latin with
# accents mixes nothing that looks alike, so only these mixes are reported.
_LOOKALIKE_SCRIPTS = {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"}


def mixes_lookalike_scripts(name: str) -> bool:
    return len(categories.unique_aliases(name) & _LOOKALIKE_SCRIPTS) >= 2


def skeleton(name: str) -> str:
    """The name with each letter that has a Latin look-alike replaced by it, case-folded."""
    found = confusables.is_confusable(name, greedy=True, preferred_aliases=["latin"]) or []
    swap = {f["character"]: f["homoglyphs"][0]["c"] for f in found if f["homoglyphs"]}
    return "".join(swap.get(ch, ch) for ch in name).casefold()


def mixed_script_names(people: Iterable[Person]) -> list[tuple[Person, str]]:
    """(person, problem) for each person whose name mixes look-alike scripts, or is written in
    other letters than an identical-looking name, naming who it looks like."""
    people = list(people)
    looks: dict[str, list[Person]] = {}
    for p in people:
        looks.setdefault(skeleton(p.name), []).append(p)
    problems = []
    for p in people:
        twins = [
            o.name for o in looks[skeleton(p.name)] if o is not p and o.name.casefold() != p.name.casefold()
        ]
        if not mixes_lookalike_scripts(p.name):
            if twins and not p.name.isascii():  # all Cyrillic "Рорe" beside a Latin "Pope"
                problems.append(
                    (
                        p,
                        f"person {p.name!r} (people/{p.id}) looks like {twins[0]!r} but is written in other "
                        "letters: fix the seed, or merge them with same_person",
                    )
                )
            continue
        like = f"; it looks like {twins[0]!r}" if twins else ""
        odd = sorted({ch for ch in p.name if ch.isalpha() and not ch.isascii()})
        problems.append(
            (
                p,
                f"person {p.name!r} (people/{p.id}) mixes scripts (letters {' '.join(odd)}){like}: "
                "fix the seed, or merge them with same_person",
            )
        )
    return problems
