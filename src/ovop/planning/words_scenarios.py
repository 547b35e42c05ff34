"""The optimiser's codes and reasons as sentences in the reader's language.

``ovop.analysis.allocation`` reports binding constraints by a stable ``code`` with candidate
ids, and unfunded candidates by fixed English templates. Here each becomes a translated
sentence naming proposals by their titles (and sources by their names); a reason this module
does not know is shown as the analysis wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ovop.planning.candidates import REQUIRES_WITHDRAWN

#: Sentences per binding code; ``%(items)s`` is the list of the proposals involved.
BINDING: dict[str, Any] = {
    "budget": gettext_lazy(
        "The budget binds: what is left does not pay for the next "
        "proposals with benefit (%(items)s)."
    ),
    "source_budget": gettext_lazy("The money of %(source)s binds: it keeps out %(items)s."),
    "group_share": gettext_lazy("A group is at its share cap: it keeps out %(items)s."),
    "kind_cap": gettext_lazy(
        "An activity type is at its share of the money: it keeps out %(items)s."
    ),
    "mandatory_conflict": gettext_lazy("Mandatory proposals exclude each other: %(items)s."),
    "mandatory_over_budget": gettext_lazy(
        "The mandatory proposals (with what they depend on) cost more than the budget: %(items)s."
    ),
    "mandatory_no_source": gettext_lazy(
        "A mandatory proposal has no source that may fund it: %(items)s."
    ),
    "source_conflict": gettext_lazy(
        "The money of the sources and their rules on what each may fund conflict with the "
        "other rules."
    ),
    "group_share_forced": gettext_lazy(
        "Mandatory proposals of one group exceed its share cap: %(items)s."
    ),
    "kind_cap_forced": gettext_lazy(
        "Mandatory proposals of one activity type exceed its share of the money: %(items)s."
    ),
    "group_unaffordable": gettext_lazy(
        "The minimum per group cannot be met: no proposal of this group can be funded (%(items)s)."
    ),
    "group_too_few": gettext_lazy(
        "The minimum per group cannot be met: this group has too few "
        "proposals that can be funded (%(items)s)."
    ),
    "group_share_min": gettext_lazy("The minimum per group and the share cap conflict: %(items)s."),
    "min_per_group_over_budget": gettext_lazy(
        "The minimum per kecamatan (or per programme village) costs more than the budget."
    ),
    "budget_conflict": gettext_lazy(
        "The budget conflicts with the other rules: with more money a plan would exist."
    ),
    "min_per_group_conflict": gettext_lazy(
        "The minimum per kecamatan (or per programme village) conflicts with the other rules."
    ),
    "group_share_conflict": gettext_lazy("The share cap per group conflicts with the other rules."),
    "kind_caps_conflict": gettext_lazy(
        "The share cap per activity type conflicts with the other rules."
    ),
    "mandatory_conflict_family": gettext_lazy(
        "The mandatory proposals conflict with the other rules."
    ),
    "requires_conflict": gettext_lazy("The dependencies conflict with the other rules."),
    "excludes_conflict": gettext_lazy(
        "Proposals that exclude each other conflict with the other rules."
    ),
    "time_limit": gettext_lazy("The solver stopped at its time limit."),
    "combined_conflict": gettext_lazy(
        "No plan meets all the rules together, and dropping any single kind of rule is not enough."
    ),
}

Names = Callable[[Sequence[str]], str]


def _ids_in(text: str) -> list[str]:
    return re.findall(r"\bp\d+\b", text)


#: (pattern, sentence maker) for each unfunded reason of the analysis; the maker gets the
#: match and a function that turns ``p<pk>`` ids into titles.
REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str], Names], str]]] = [
    (
        re.compile(r"excluded by (.+)$"),
        lambda m, n: _("excluded by %(items)s") % {"items": n(_ids_in(m[1]))},
    ),
    (
        re.compile(r"requires (.+) which (is|are) unfunded$"),
        lambda m, n: _("depends on %(items)s, which is not funded") % {"items": n(_ids_in(m[1]))},
    ),
    (
        re.compile(r"costs more than the whole budget"),
        lambda m, n: _("costs more than the whole budget"),
    ),
    (
        re.compile(r"over the share cap of group"),
        lambda m, n: _("over the share cap of its group"),
    ),
    (
        re.compile(r"over the cap for kind"),
        lambda m, n: _("over the share of the money its activity type may take"),
    ),
    (
        re.compile(r"lower benefit per rupiah than what fits"),
        lambda m, n: _("less benefit per rupiah than the proposals funded"),
    ),
    (
        re.compile(r"does not fit in the remaining budget"),
        lambda m, n: _("does not fit in the money left"),
    ),
    (
        re.compile(r"no allowed source has money left"),
        lambda m, n: _("no source that may fund it has money left"),
    ),
    (re.compile(r"adds no benefit"), lambda m, n: _("adds no benefit")),
    (
        re.compile(r"not needed for the optimum"),
        lambda m, n: _("not needed for the best plan (another plan is as good)"),
    ),
    (
        re.compile(r"no portfolio meets all the constraints"),
        lambda m, n: _("no plan meets all the rules"),
    ),
    (
        re.compile(re.escape(REQUIRES_WITHDRAWN)),
        lambda m, n: _("depends on a proposal that was withdrawn"),
    ),
]


def reason_text(reason: str, names: Names) -> str:
    """The unfunded ``reason`` as a sentence; ``names`` turns ``p<pk>`` ids into titles."""
    for pattern, make in REASONS:
        match = pattern.search(reason)
        if match:
            return make(match, names)
    return reason


def binding_text(
    binding: Mapping[str, Any], titles: Mapping[int, str], sources: Mapping[int, str]
) -> str:
    """One stored binding constraint (code, detail, proposal ids) as a sentence."""
    code = str(binding.get("code", ""))
    key = (
        "mandatory_conflict_family"
        if code == "mandatory_conflict" and "exclude each other" not in str(binding.get("detail"))
        else code
    )
    template = BINDING.get(key)
    items = ", ".join(titles.get(int(pk), f"#{pk}") for pk in binding.get("ids", []))
    if template is None:
        return str(binding.get("detail", code))
    found = [int(pk) for pk in re.findall(r"\bs(\d+)\b", str(binding.get("detail", "")))]
    source = ", ".join(sources.get(pk, "") for pk in found) or _("a source")
    return str(template) % {"items": items or "—", "source": source}
