"""The terms ovop's pages use, explained once: the glossary page and the short explanations
shown where a method's number appears (result tables)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    name: Promise | str
    meaning: Promise


TERMS: tuple[Term, ...] = (
    Term(
        "ovop",
        "OVOP",
        _(
            "One Village One Product: each village develops one product it is known for, from "
            "its own resources."
        ),
    ),
    Term(
        "ikm",
        "IKM",
        _(
            "Industri Kecil dan Menengah: a small or medium industry, the businesses the "
            "programme supports."
        ),
    ),
    Term(
        "ahp",
        "AHP",
        _(
            "Analytic Hierarchy Process: each assessor compares the criteria two at a time on "
            "Saaty's 1–9 scale; the weights follow from those comparisons."
        ),
    ),
    Term(
        "cr",
        _("Consistency ratio (CR)"),
        _(
            "How far an assessor's comparisons contradict each other (0 = none). Above 0.10 "
            "the judgements should be revisited or the reason for keeping them written down."
        ),
    ),
    Term(
        "geometric-mean",
        _("Combined weights"),
        _(
            "The assessors' comparisons are combined cell by cell with the geometric mean; "
            "the combined weights come from that matrix."
        ),
    ),
    Term(
        "topsis",
        "TOPSIS",
        _(
            "Ranks the candidates by how close they are to an ideal candidate (the best score "
            "on every criterion) and how far from the worst."
        ),
    ),
    Term(
        "closeness",
        _("Closeness"),
        _(
            "TOPSIS's score between 0 and 1: D− divided by (D+ + D−). Higher is better; 1 "
            "would be the ideal candidate itself."
        ),
    ),
    Term(
        "d-plus",
        "D+",
        _("Weighted distance of a candidate from the ideal candidate. Smaller is better."),
    ),
    Term(
        "d-minus",
        "D−",
        _("Weighted distance of a candidate from the worst candidate. Larger is better."),
    ),
    Term(
        "saw",
        "SAW",
        _(
            "Simple additive weighting: each score divided by the best score of its "
            "criterion, then summed with the weights. Shown beside TOPSIS as a check."
        ),
    ),
    Term(
        "vikor-q",
        _("VIKOR Q"),
        _(
            "VIKOR's combined measure of group benefit and individual regret, between 0 and "
            "1. Smaller is better."
        ),
    ),
    Term(
        "compromise",
        _("VIKOR compromise"),
        _(
            "The candidates VIKOR cannot separate from the first with enough advantage or "
            "stability: any of them is a defensible choice."
        ),
    ),
    Term(
        "sensitivity",
        _("Sensitivity"),
        _(
            "How far one criterion's weight may move before another candidate would take "
            "first place."
        ),
    ),
    Term(
        "star-rating",
        _("Star rating"),
        _(
            "A product's score on a versioned assessment scheme, 1 to 5 stars; conditions "
            "such as a valid NIB or halal certificate can cap the stars."
        ),
    ),
    Term(
        "coaching-tier",
        _("Coaching tier"),
        _(
            "Who coaches a product next: 4–5 stars the central government, 3 stars the "
            "province, 1–2 stars the regency."
        ),
    ),
    Term(
        "berita-acara",
        _("Berita acara"),
        _(
            "The signed written record of a decision: here, of the choice of a village's one "
            "product."
        ),
    ),
    Term(
        "nip",
        "NIP",
        _(
            "Nomor Induk Pegawai: a civil servant's 18-digit staff number, printed under the "
            "signature."
        ),
    ),
    Term(
        "nib",
        "NIB",
        _("Nomor Induk Berusaha: the 13-digit business identity number issued through OSS."),
    ),
    Term(
        "pendamping",
        _("Village facilitator (pendamping)"),
        _(
            "Accompanies the village groups through the programme and records their meetings "
            "and surveys."
        ),
    ),
)

BY_SLUG = {term.slug: term for term in TERMS}
