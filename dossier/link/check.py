"""`dossier check`: what an editor should look at in a linked dossier — names mixing look-alike
scripts, quotes with no speaker, people mentioned once and curated nowhere, curation entries
that point at nothing or at several places."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Curation, Dossier
from .confusables import mixed_script_names
from .curate import curation_report


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    unattributed: int = 0


def check(d: Dossier, cur: Curation | None, curation_path: str) -> CheckReport:
    report = CheckReport(errors=list(d.problems))
    for person, problem in mixed_script_names(d.people):
        seed = d.article(person.articles[0]).path if person.articles else curation_path
        report.errors.append(f"{seed}: {problem}")
    unattributed = [q for q in d.quotes if not q.speaker]
    report.unattributed = len(unattributed)
    quoted = Counter(q.speaker for q in d.quotes)
    for q in unattributed:
        o = q.occurrences[0]
        report.infos.append(f"{o.article}:{o.start}: quote with no speaker: “{q.text[:70]}”")
    for p in d.people:
        if p.mention_count <= 1 and not p.curated and not quoted[p.id]:
            report.infos.append(
                f"{p.name!r} is mentioned once and not in {curation_path}; add them if they matter"
            )
    if cur is not None:
        report.warnings += curation_report(d, cur)
    return report
