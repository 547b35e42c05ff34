"""The efficiency's hand-made world, whose every number is known by hand (used by
``test_efficiency`` and the browser test).

Programme "OVOP Uji" with villages A and C (joined 2020); villages B and D hold the
comparison group. Fiscal year 2023 (and an empty 2024):

| activity | type | village | planned | realised | status |
|---|---|---|---|---|---|
| Bimtek | training | A | Rp 40 juta | Rp 40 juta | done |
| Klinik kemasan | packaging | C | Rp 30 juta | Rp 20 juta | in progress, 50 % |
| Sertifikasi halal | cert_halal | A | Rp 10 juta | Rp 9 juta | done, one certificate |
| Pameran | promotion | A | Rp 5 juta | Rp 1 juta | cancelled |
| Mesin | equipment | B | Rp 50 juta | Rp 50 juta | done — not a programme village |

Five IKM attended the training (a sixth person was absent), five others the packaging clinic.
Surveys of 2022 and 2025: monthly revenue rose by 300,000 on average for the training's IKM,
400,000 for the packaging clinic's and 200,000 for the comparison group (differences in
differences of 100,000 and 200,000); competence by 10, 3 and 2 points (8 and 1). The gains
differ between the villages of a side, so that the standard errors, clustered by village, are
not zero.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ovop.empowerment.models import Person
from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import Arm, EntryStatus, Origin
from ovop.monitoring.models import Indicator, Respondent, Round, Value
from ovop.planning.choices import ActivityStatus, ActivityType, SourceKind
from ovop.planning.models import Activity, CostLine, FiscalYear, Output, Participant, Source
from ovop.programme.models import Programme, ProgrammeVillage
from ovop.regions.models import Region
from tests.evaluation.conftest import make_round
from tests.factories import CertificationFactory, village

Groups = dict[str, list[Enterprise]]
JT = 1_000_000
REVENUE = [1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000]
SKILL = [40, 50, 60, 45, 55]
REVENUE_GAIN = {
    "training": [300_000, 320_000, 310_000, 290_000, 280_000],
    "packaging": [400_000, 420_000, 390_000, 395_000, 395_000],
    "comparison": [200_000, 215_000, 205_000, 190_000, 190_000],
}
SKILL_GAIN = {
    "training": [10, 12, 11, 9, 8],
    "packaging": [3, 6, 0, 4, 2],
    "comparison": [2, 3, 1, 2.5, 1.5],
}


def firms_in(places: list[Region], name: str) -> list[Enterprise]:
    return [
        Enterprise.objects.create(name=f"{name} {n}", village=place)
        for n, place in enumerate(places)
    ]


def answer(round_: Round, firms: list[Enterprise], arm: str, group: str, after: bool) -> None:
    omzet, skill = (Indicator.objects.get(code=c) for c in ("omzet", "kompetensi"))
    for k, firm in enumerate(firms):
        person = Respondent.objects.create(
            round=round_, enterprise=firm, arm=arm, status=EntryStatus.APPROVED
        )
        revenue = REVENUE[k] + (REVENUE_GAIN[group][k] if after else 0)
        score = SKILL[k] + (SKILL_GAIN[group][k] if after else 0)
        for indicator, number in ((omzet, revenue), (skill, score)):
            Value.objects.create(
                respondent=person, indicator=indicator, number=Decimal(str(number)),
                origin=Origin.WEB,
            )  # fmt: skip


def activity(
    year: FiscalYear, source: Source, place: Region, kind: str, **fields: object
) -> Activity:
    defaults: dict[str, object] = {
        "title": kind,
        "starts_on": dt.date(2023, 2, 1),
        "ends_on": dt.date(2023, 3, 31),
        "status": ActivityStatus.DONE,
        "progress_pct": 100,
    }
    return Activity.objects.create(
        fiscal_year=year, source=source, village=place, activity_type=kind,
        **(defaults | fields),
    )  # fmt: skip


def spend(activity: Activity, *amounts_jt: int) -> None:
    for k, amount in enumerate(amounts_jt):
        CostLine.objects.create(
            activity=activity, spent_on=dt.date(2023, 3, 1 + k), description="biaya",
            amount_idr=amount * JT,
        )  # fmt: skip


def attend(activity: Activity, firms: list[Enterprise], attended: bool = True) -> None:
    for firm in firms:
        person, _ = Person.objects.get_or_create(
            enterprise=firm,
            defaults={"name": f"Pemilik {firm.name}", "gender": "female", "village": firm.village},
        )
        Participant.objects.create(
            activity=activity, person=person, enterprise=firm, attended=attended
        )


def make_places() -> dict[str, Region]:
    return {
        "A": village("99.01.01.2001", "Desa Alfa"),
        "B": village("99.01.02.2001", "Desa Beta"),
        "C": village("99.01.01.2002", "Desa Gamma"),
        "D": village("99.01.02.2002", "Desa Delta"),
    }


def make_groups(places: dict[str, Region]) -> Groups:
    a, b, c, d = (places[k] for k in "ABCD")
    return {
        "training": firms_in([a, a, a, c, c], "Latih"),
        "packaging": firms_in([a, a, c, c, c], "Kemas"),
        "comparison": firms_in([b, b, b, d, d], "Banding"),
    }


def survey(programme: Programme, places: dict[str, Region], groups: Groups) -> Programme:
    """Villages A and C join in 2020; rounds of 2022 and 2025 ask revenue and competence."""
    for key in "AC":
        ProgrammeVillage.objects.create(programme=programme, village=places[key], joined_year=2020)
    for year in (2022, 2025):
        round_ = make_round(programme, year, ("omzet", "kompetensi"))
        for group, firms in groups.items():
            arm = Arm.COMPARISON if group == "comparison" else Arm.PARTICIPANT
            answer(round_, firms, arm, group, after=year == 2025)
    return programme


def deliver(places: dict[str, Region], groups: Groups) -> None:
    """Fiscal years 2023 and 2024 and the activities of the table above."""
    year = FiscalYear.objects.create(year=2023)
    FiscalYear.objects.create(year=2024)
    apbd = Source.objects.create(
        fiscal_year=year, kind=SourceKind.APBD_KAB, name="APBD", ceiling_idr=500 * JT
    )
    a, b, c = places["A"], places["B"], places["C"]
    training = activity(
        year, apbd, a, ActivityType.TRAINING, title="Bimtek", planned_cost_idr=40 * JT
    )
    spend(training, 25, 15)
    attend(training, groups["training"])
    attend(training, groups["packaging"][:1], attended=False)
    packaging = activity(
        year, apbd, c, ActivityType.PACKAGING, title="Klinik kemasan", planned_cost_idr=30 * JT,
        status=ActivityStatus.IN_PROGRESS, progress_pct=50,
    )  # fmt: skip
    spend(packaging, 20)
    attend(packaging, groups["packaging"])
    halal = activity(
        year, apbd, a, ActivityType.CERT_HALAL, title="Sertifikasi halal", planned_cost_idr=10 * JT
    )
    spend(halal, 9)
    certificate = CertificationFactory(enterprise=groups["training"][0], kind="halal")
    Output.objects.create(
        activity=halal, kind="certification", description="Sertifikat halal",
        enterprise=groups["training"][0], certification=certificate,
        delivered_on=halal.ends_on,
    )  # fmt: skip
    fair = activity(
        year, apbd, a, ActivityType.PROMOTION, title="Pameran", planned_cost_idr=5 * JT,
        status=ActivityStatus.CANCELLED, progress_pct=0, cancel_reason="banjir",
    )  # fmt: skip
    spend(fair, 1)
    attend(fair, groups["training"][1:2])
    machine = activity(
        year, apbd, b, ActivityType.EQUIPMENT, title="Mesin", planned_cost_idr=50 * JT
    )
    spend(machine, 50)
    attend(machine, groups["comparison"])
