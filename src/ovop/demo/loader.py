"""Load the Bangka Tengah demo: regions, ~300 IKM with products and certificates, the demo
accounts and the programme "OVOP Bangka Tengah".

Idempotent: records are found again by a natural key (village + business name; enterprise +
product name; enterprise + kind + number), compared with the plan and written only when they
differ, so a second run with the same seed writes nothing and adds no history. Sample
records from an earlier run that the plan no longer has (another seed) are archived, never
deleted; planned records are active again if someone archived them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ovop.accounts.models import Role, User
from ovop.accounts.services import user_sync
from ovop.core.history import save_with_history
from ovop.demo import data
from ovop.demo.catalogue import CatalogueSummary, demo_catalogue_load, showcased
from ovop.demo.demand import DemandSummary, demo_demand_load
from ovop.demo.empowerment import EmpowermentSummary, demo_empowerment_load
from ovop.demo.evaluation import demo_evaluation_load
from ovop.demo.monitoring import MonitoringSummary, demo_monitoring_load
from ovop.demo.plan import DemoPlan, EnterprisePlan, VillageInfo, build_plan
from ovop.demo.planning import PlanningSummary, demo_planning_load
from ovop.demo.rating import demo_ratings_load
from ovop.demo.selection import demo_rounds_load
from ovop.enterprises import tallies as registry_tallies
from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.programme.models import Designation, Programme, ProgrammeVillage, Scheme
from ovop.regions.models import Level, Region
from ovop.regions.services import regions_load

M = TypeVar("M", bound=models.Model)
Key = tuple[Any, ...]


class DemoError(Exception):
    """The demo cannot be loaded without overwriting something that is not demo data."""


@dataclass(frozen=True)
class Tally:
    created: int = 0
    updated: int = 0
    archived: int = 0
    total: int = 0


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str
    password: str


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    regions_loaded: bool
    enterprises: Tally
    products: Tally
    certifications: Tally
    programme_changes: int
    accounts: list[DemoAccount]
    empowerment: EmpowermentSummary
    planning: PlanningSummary
    monitoring: MonitoringSummary
    catalogue: CatalogueSummary
    demand: DemandSummary


def _ensure_regions() -> bool:
    """Load Bangka Tengah's regions unless its villages are there; True if they were loaded."""
    villages = Region.objects.filter(code__startswith=f"{data.REGENCY_CODE}.", level=Level.VILLAGE)
    if villages.exists():
        return False
    regions_load(regency_code=data.REGENCY_CODE)
    return True


def _changed(obj: models.Model, values: dict[str, Any]) -> bool:
    return any(getattr(obj, key) != value for key, value in values.items())


def _write(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj`` and save it (with history) if anything differs."""
    if obj.pk is not None and not _changed(obj, values):
        return False
    for key, value in values.items():
        setattr(obj, key, value)
    save_with_history(obj, user=None, reason=data.CHANGE_REASON)
    return True


def _sync(
    model: type[M],
    existing: dict[Key, M],
    planned: dict[Key, dict[str, Any]],
    stale: dict[str, Any] | None = None,
) -> tuple[dict[Key, M], Tally]:
    """Make the sample rows of ``model`` match ``planned``: create, update, archive the rest.

    ``stale`` holds extra values for the rows archived (e.g. unlinking an owner's account).
    """
    kept: dict[Key, M] = {}
    fresh: list[M] = []
    updated = 0
    for key, values in planned.items():
        values = {**values, "archived_at": None}  # a planned row is active, even if archived
        obj = existing.get(key)
        if obj is None:
            obj = model(is_sample=True, **values)
            obj.full_clean()
            fresh.append(obj)
        elif _write(obj, values):
            updated += 1
        kept[key] = obj
    if fresh:
        bulk_create_with_history(
            fresh, model, batch_size=500, default_change_reason=data.CHANGE_REASON
        )
    archived = 0
    for key, obj in existing.items():
        if key not in planned and getattr(obj, "archived_at", None) is None:
            _write(obj, {"archived_at": timezone.now(), **(stale or {})})
            archived += 1
    return kept, Tally(len(fresh), updated, archived, len(kept))


def _sync_users(plan: DemoPlan) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in data.DEMO_USERS:
        email = f"{spec.username}@{data.DEMO_EMAIL_DOMAIN}"
        existing = User.objects.filter(username=spec.username).first()
        if existing is not None and existing.email != email:
            raise DemoError(
                _(
                    "An account named “%(username)s” exists and is not a demo account; the demo "
                    "will not change it. Rename that account first."
                )
                % {"username": spec.username}
            )
        first, last = spec.first_name, spec.last_name
        if spec.owns:
            first, _sep, last = plan.signature[spec.owns].owner_name.partition(" ")
        villages: Iterable[Region] = ()
        if spec.kecamatan:
            villages = Region.objects.filter(parent__code=spec.kecamatan, level=Level.VILLAGE)
        users[spec.username], _changed_user = user_sync(
            username=spec.username,
            role=spec.role,
            password=data.DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            email=email,
            villages=villages,
            is_staff=spec.staff,
            is_superuser=spec.staff,
        )
    return users


def _enterprise_values(
    plan: EnterprisePlan, village: Region, account: User | None
) -> dict[str, Any]:
    return {
        "name": plan.name,
        "owner_name": plan.owner_name,
        "owner_gender": plan.owner_gender,
        "village_id": village.pk,
        "account_id": account.pk if account else None,
        "address": plan.address,
        "phone": plan.phone,
        "email": plan.email,
        "nib": plan.nib,
        "kbli": plan.kbli,
        "founded_year": plan.founded_year,
        "workers_male": plan.workers_male,
        "workers_female": plan.workers_female,
        "investment_idr": plan.investment_idr,
        "annual_sales_idr": plan.annual_sales_idr,
    }


def _sync_enterprises(
    plan: DemoPlan, villages: dict[str, Region], users: dict[str, User]
) -> tuple[dict[int, Enterprise], Tally]:
    """Returns the enterprises keyed by ``id()`` of their plan, and the tally."""
    owners = {id(plan.signature[u.owns]): users[u.username] for u in data.DEMO_USERS if u.owns}
    planned = {
        (villages[e.village.code].pk, e.name): _enterprise_values(
            e, villages[e.village.code], owners.get(id(e))
        )
        for e in plan.enterprises
    }
    existing = {(e.village_id, e.name): e for e in Enterprise.objects.filter(is_sample=True)}
    kept, tally = _sync(Enterprise, existing, planned, stale={"account_id": None})
    return {id(e): kept[(villages[e.village.code].pk, e.name)] for e in plan.enterprises}, tally


def _sync_products(
    plan: DemoPlan, enterprises: dict[int, Enterprise]
) -> tuple[dict[Key, Product], Tally]:
    planned: dict[Key, dict[str, Any]] = {}
    shown = showcased(plan)
    for e in plan.enterprises:
        enterprise_id = enterprises[id(e)].pk
        for p in e.products:
            values = {k: v for k, v in p.__dict__.items() if k != "line"}
            values["published"] = p.published or (id(e), p.name) in shown
            planned[(enterprise_id, p.name)] = {"enterprise_id": enterprise_id, **values}
    existing = {(p.enterprise_id, p.name): p for p in Product.objects.filter(is_sample=True)}
    return _sync(Product, existing, planned)


def _sync_certifications(
    plan: DemoPlan, enterprises: dict[int, Enterprise], products: dict[Key, Product]
) -> Tally:
    planned: dict[Key, dict[str, Any]] = {}
    for e in plan.enterprises:
        enterprise_id = enterprises[id(e)].pk
        for c in e.certifications:
            product = products[(enterprise_id, c.product)] if c.product else None
            planned[(enterprise_id, c.kind, c.number)] = {
                "enterprise_id": enterprise_id,
                "product_id": product.pk if product else None,
                "kind": c.kind,
                "number": c.number,
                "issued_on": c.issued_on,
                "expires_on": c.expires_on,
            }
    # certificates obtained through the budget-plan demo's activities are not the plan's
    rows = Certification.objects.filter(is_sample=True, planning_output__isnull=True)
    existing = {(c.enterprise_id, c.kind, c.number): c for c in rows}
    return _sync(Certification, existing, planned)[1]


def _sync_programme(
    plan: DemoPlan,
    villages: dict[str, Region],
    enterprises: dict[int, Enterprise],
    products: dict[Key, Product],
) -> tuple[Programme, int]:
    """The programme, its villages and designations; returns it and the number of writes."""
    regency = Region.objects.get(code=data.REGENCY_CODE)
    programme = Programme.objects.filter(name=data.PROGRAMME_NAME, is_sample=True).first()
    programme = programme or Programme(name=data.PROGRAMME_NAME, is_sample=True)
    writes = int(
        _write(
            programme,
            {
                "scheme": Scheme.REGENCY,
                "regency_id": regency.pk,
                "start_year": data.PROGRAMME_START,
                "description": data.PROGRAMME_DESCRIPTION,
                "archived_at": None,
            },
        )
    )
    members = {m.village_id: m for m in ProgrammeVillage.objects.filter(programme=programme)}
    for code, year in data.PROGRAMME_VILLAGES.items():
        village = villages[code]
        member = members.get(village.pk) or ProgrammeVillage(programme=programme, village=village)
        writes += _write(member, {"joined_year": year, "archived_at": None})
        members[village.pk] = member
    picks = {
        (d.membership_id, d.year): d
        for d in Designation.objects.filter(membership__programme=programme)
    }
    for code, year in data.DESIGNATIONS:
        member = members[villages[code].pk]
        signature = plan.signature[code]
        product = products[(enterprises[id(signature)].pk, signature.products[0].name)]
        pick = picks.get((member.pk, year)) or Designation(membership=member, year=year)
        writes += _write(pick, {"product_id": product.pk})
    return programme, writes


def _accounts(plan: DemoPlan, users: dict[str, User]) -> list[DemoAccount]:
    roles = dict(Role.choices)
    accounts = []
    for spec in data.DEMO_USERS:
        user = users[spec.username]
        if spec.owns:
            owned = plan.signature[spec.owns]
            scope = _("owns %(name)s (%(village)s)") % {
                "name": owned.name,
                "village": owned.village.label,
            }
        elif spec.kecamatan:
            scope = _("%(n)s villages of kecamatan %(kecamatan)s") % {
                "n": user.villages.count(),
                "kecamatan": Region.objects.get(code=spec.kecamatan).name,
            }
        elif spec.role == Role.ASSESSOR:
            scope = _("reads enterprises and products, without private fields")
        elif spec.role == Role.VIEWER:
            scope = _("reads everything, changes nothing")
        else:
            scope = _("manages everything")
        accounts.append(
            DemoAccount(spec.username, str(roles[spec.role]), scope, data.DEMO_PASSWORD)
        )
    return accounts


@dataclass(frozen=True)
class DemoRegistry:
    """The demo's first part, on which the rest is built: the plan of the seed, Bangka
    Tengah's villages by code, the accounts by username, the IKM by their index in the plan
    and the products by their plan key."""

    plan: DemoPlan
    villages: dict[str, Region]
    users: dict[str, User]
    enterprises: dict[int, Enterprise]
    products: dict[tuple[Any, ...], Product]
    regions_loaded: bool
    tallies: tuple[Tally, Tally, Tally]  # enterprises, products, certifications


@transaction.atomic
def demo_registry_load(*, seed: int = data.DEFAULT_SEED) -> DemoRegistry:
    """Regions, accounts and the registry (IKM, products, certifications) of the seed's plan."""
    regions_loaded = _ensure_regions()
    villages = {
        v.code: v
        for v in Region.objects.filter(
            code__startswith=f"{data.REGENCY_CODE}.", level=Level.VILLAGE
        ).order_by("code")
    }
    plan = build_plan(seed=seed, villages=[VillageInfo(v.code, v.name) for v in villages.values()])
    users = _sync_users(plan)
    with registry_tallies.batch():  # each save's recount is done once, at the end
        enterprises, enterprise_tally = _sync_enterprises(plan, villages, users)
        products, product_tally = _sync_products(plan, enterprises)
        certification_tally = _sync_certifications(plan, enterprises, products)
    tallies = (enterprise_tally, product_tally, certification_tally)
    return DemoRegistry(plan, villages, users, enterprises, products, regions_loaded, tallies)


@transaction.atomic
def _statistics_refresh() -> None:
    """On PostgreSQL, the planner's statistics of the rows just written in bulk (ANALYZE also
    reads the rows of the transaction it runs in). Without them the next reads — the
    evaluation's headline estimates over thousands of survey values, made when its settings
    are saved — may be planned as if the tables were still empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def demo_load(*, seed: int = data.DEFAULT_SEED, today: dt.date | None = None) -> DemoSummary:
    """Load (or bring back in line) the whole demo; every record it makes is sample data. The
    simulated demand covers the twelve full months before ``today`` (the local date)."""
    registry = demo_registry_load(seed=seed)
    _statistics_refresh()
    plan, users, enterprises = registry.plan, registry.users, registry.enterprises
    _programme, writes = _sync_programme(plan, registry.villages, enterprises, registry.products)
    demo_rounds_load(programme=_programme, officer=users["officer"], assessor=users["assessor"])
    demo_ratings_load(admin=users["admin"], officer=users["officer"], assessor=users["assessor"])
    empowerment = demo_empowerment_load(
        plan=plan,
        enterprises=enterprises,
        programme=_programme,
        facilitator=users["facilitator"],
        seed=seed,
    )
    planning = demo_planning_load(plan=plan, enterprises=enterprises, users=users, seed=seed)
    monitoring = demo_monitoring_load(programme=_programme, users=users, seed=seed)
    _statistics_refresh()
    demo_evaluation_load(programme=_programme, officer=users["officer"])
    catalogue = demo_catalogue_load(programme=_programme, officer=users["officer"])
    demand = demo_demand_load(seed=seed, today=today or timezone.localdate())
    registry_tallies.rebuild()  # rows were written in bulk, past the models' save
    return DemoSummary(
        seed,
        registry.regions_loaded,
        *registry.tallies,
        programme_changes=writes,
        accounts=_accounts(plan, users),
        empowerment=empowerment,
        planning=planning,
        monitoring=monitoring,
        catalogue=catalogue,
        demand=demand,
    )
