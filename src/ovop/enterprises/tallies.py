"""Keep the registry tallies (``models_tallies.RegistryTally``) equal to the registry.

Every save or delete of an enterprise, a product or a certificate — through a service, the
admin, a factory in a test — recomputes the kecamatan it belongs to, and the one it belonged
to before when it moved (model signals, so no writer can forget). A kecamatan is a few
hundred IKM: four grouped queries; its regency's rows are then the sums of its kecamatans',
and the country's rows move by what its regency's rows moved (a few dozen rows, under a lock
every refresh takes in turn, so that the sums added to them never cross).
Writers of many rows at once (a registry import, the demo) wrap them in :func:`batch`, which
recomputes each kecamatan touched once at its end; writers past the models' ``save`` (bulk
updates, COPY) call :func:`touch` or :func:`rebuild` themselves. ``ovop tallies --check``
compares the rows with a fresh count (:func:`differences`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.db.models.signals import post_delete, post_init, post_save

from ovop.enterprises.models import Certification, Enterprise, Product
from ovop.enterprises.models_tallies import RegistryLevel, RegistryTally, TallyKind
from ovop.regions.models import Level, Region

#: (level, area code, category, kind, bucket) → count
Key = tuple[str, str, str, str, int]
#: (category, kind, bucket): one country row
CountryKey = tuple[str, str, int]
#: The PostgreSQL advisory lock that makes writers of the country rows take turns.
COUNTRY_LOCK = 0x6F766F70_0001

_pending = threading.local()


def regency_of(kecamatan_code: str) -> str:
    return ".".join(kecamatan_code.split(".")[:2])


@contextmanager
def batch() -> Iterator[None]:
    """Remember the kecamatans touched inside; recompute each once at the end."""
    if getattr(_pending, "codes", None) is not None:
        yield
        return
    _pending.codes = set()
    try:
        yield
        codes = set(_pending.codes)
    finally:
        _pending.codes = None
    refresh(codes)


def touch(codes: Iterable[str | None]) -> None:
    """These kecamatans' registry may have changed."""
    found = {code for code in codes if code is not None}
    pending = getattr(_pending, "codes", None)
    if pending is not None:
        pending.update(found)
    elif found:
        refresh(found)


def _bucket() -> Any:
    return Coalesce(ExtractYear("expires_on") * 100 + ExtractMonth("expires_on"), Value(0))


def computed(codes: Collection[str] | None = None) -> dict[Key, int]:
    """The kecamatan rows as the registry says now (all kecamatans, or ``codes``)."""
    where = {} if codes is None else {"enterprise__village__parent__code__in": codes}
    live = {"archived_at": None, "enterprise__archived_at": None}
    kec = F("enterprise__village__parent__code")
    found: dict[Key, int] = {}
    level = str(RegistryLevel.KECAMATAN)

    def put(kind: str, rows: Iterable[dict[str, Any]], field: str = "n") -> None:
        for row in rows:
            key = (level, row["k"], row.get("category", ""), kind, row.get("b", 0))
            found[key] = row[field]

    enterprises = Enterprise.objects.filter(archived_at=None)
    if codes is not None:
        enterprises = enterprises.filter(village__parent__code__in=codes)
    put(
        TallyKind.ENTERPRISES,
        enterprises.values(k=F("village__parent__code")).annotate(n=Count("pk")),
    )
    products = Product.objects.filter(**live, **where).values("category", k=kec)
    by_category = list(products.annotate(n=Count("pk"), e=Count("enterprise", distinct=True)))
    put(TallyKind.PRODUCTS, by_category)
    put(TallyKind.ENTERPRISES, by_category, "e")
    put(
        TallyKind.PRODUCTS,
        Product.objects.filter(**live, **where).values(k=kec).annotate(n=Count("pk")),
    )
    certificates = Certification.objects.filter(**live, **where).annotate(b=_bucket())
    put(TallyKind.CERTIFICATES, certificates.values("b", k=kec).annotate(n=Count("pk")))
    of_category = certificates.filter(
        enterprise__products__archived_at=None, enterprise__products__isnull=False
    ).values("b", k=kec, category=F("enterprise__products__category"))
    put(TallyKind.CERTIFICATES, of_category.annotate(n=Count("pk", distinct=True)))
    return found


def _rows(found: dict[Key, int]) -> Iterator[RegistryTally]:
    for (level, code, category, kind, bucket), n in found.items():
        yield RegistryTally(
            level=level, area_code=code, category=category, kind=kind, bucket=bucket, n=n
        )


def refresh(codes: Collection[str] | None = None) -> None:
    """Recompute the rows of these kecamatans (all: None) and their regencies' sums."""
    if codes is not None and not codes:
        return
    with transaction.atomic():
        _country_lock()
        _lock(codes)
        kept = RegistryTally.objects.all()
        if codes is None:
            kept.delete()
        else:
            kept.filter(level=RegistryLevel.KECAMATAN, area_code__in=codes).delete()
        RegistryTally.objects.bulk_create(_rows(computed(codes)), batch_size=2000)
        regencies = None if codes is None else {regency_of(code) for code in codes}
        _country_moved(_regencies_summed(regencies))


def _country_lock() -> None:
    """On PostgreSQL, wait for the turn to move the country rows — first, before any region is
    locked, so that every refresh takes its locks in the same order (country, then regions in
    code order) and two transactions that each refresh several places can never wait for each
    other in a circle. Held until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COUNTRY_LOCK])


def _lock(codes: Collection[str] | None) -> None:
    """Make refreshes of the same kecamatan or regency wait for each other.

    Each deletes its rows and writes them again; two at once (two IKM of one kecamatan saved
    together) would both write the same keys, and PostgreSQL refuses the second with a unique
    violation. The kecamatan's and the regency's regions are locked first, always in code
    order so that two refreshes never wait for each other in a circle; the one that waited
    then counts what the first committed (SQLite lets one writer in at a time anyway)."""
    areas = Region.objects.filter(level__in=(Level.KECAMATAN, Level.REGENCY))
    if codes is not None:
        areas = areas.filter(code__in=set(codes) | {regency_of(code) for code in codes})
    list(areas.select_for_update().order_by("code").values_list("pk", flat=True))


def _regencies_summed(regencies: set[str] | None) -> dict[CountryKey, int]:
    """The regency rows (all, or ``regencies``) as the sums of their kecamatan rows; how much
    each country row moves with them (new minus old)."""
    rows = RegistryTally.objects.all()
    regency_rows = rows.filter(level=RegistryLevel.REGENCY)
    kecamatan_rows = rows.filter(level=RegistryLevel.KECAMATAN)
    if regencies is not None:
        regency_rows = regency_rows.filter(area_code__in=regencies)
    moved: dict[CountryKey, int] = defaultdict(int)
    for category, kind, bucket, n in regency_rows.values_list("category", "kind", "bucket", "n"):
        moved[(category, kind, bucket)] -= n
    regency_rows.delete()
    sums: dict[Key, int] = defaultdict(int)
    for regency in sorted(regencies) if regencies is not None else [None]:
        part = (
            kecamatan_rows
            if regency is None
            else kecamatan_rows.filter(area_code__startswith=f"{regency}.")
        )
        for row in part.values_list("area_code", "category", "kind", "bucket", "n"):
            code, category, kind, bucket, n = row
            sums[(str(RegistryLevel.REGENCY), regency_of(code), category, kind, bucket)] += n
    RegistryTally.objects.bulk_create(_rows(sums), batch_size=2000)
    for (_level, _code, category, kind, bucket), n in sums.items():
        moved[(category, kind, bucket)] += n
    return moved


def _country_moved(moved: dict[CountryKey, int]) -> None:
    """Add the regencies' change to the country rows: a row reaching 0 goes, a new one is
    made. A row that would fall below 0 (rows written past ``refresh``) has every country row
    summed again from the regency rows instead."""
    moved = {key: n for key, n in moved.items() if n}
    if not moved:
        return
    country = RegistryTally.objects.filter(level=RegistryLevel.COUNTRY)  # turn taken in refresh
    found = {
        (row.category, row.kind, row.bucket): row
        for row in country.filter(category__in={key[0] for key in moved})
    }
    changed, gone, made = [], [], []
    for key, n in sorted(moved.items()):
        row = found.get(key)
        now = n + (row.n if row is not None else 0)
        if now < 0:
            _country_summed()
            return
        if row is None:
            made.append(_country_row(key, now))
        elif now == 0:
            gone.append(row.pk)
        else:
            row.n = now
            changed.append(row)
    RegistryTally.objects.bulk_update(changed, ["n"], batch_size=500)
    country.filter(pk__in=gone).delete()
    RegistryTally.objects.bulk_create(made)


def _country_row(key: CountryKey, n: int) -> RegistryTally:
    category, kind, bucket = key
    return RegistryTally(
        level=RegistryLevel.COUNTRY, area_code="", category=category, kind=kind, bucket=bucket, n=n
    )


def _country_summed() -> None:
    """Every country row as the sum of the regency rows (one grouped query)."""
    RegistryTally.objects.filter(level=RegistryLevel.COUNTRY).delete()
    sums = (
        RegistryTally.objects.filter(level=RegistryLevel.REGENCY)
        .values_list("category", "kind", "bucket")
        .annotate(total=Sum("n"))
        .order_by()
    )
    RegistryTally.objects.bulk_create(
        (_country_row((category, kind, bucket), n) for category, kind, bucket, n in sums),
        batch_size=2000,
    )


def stored() -> dict[Key, int]:
    rows = RegistryTally.objects.filter(level=RegistryLevel.KECAMATAN)
    return {
        (level, code, category, kind, bucket): n
        for level, code, category, kind, bucket, n in rows.values_list(
            "level", "area_code", "category", "kind", "bucket", "n"
        )
    }


def differences() -> list[Key]:
    """The keys whose stored count differs from the registry (empty: all current), the
    regency and country rows included (each must be the sum of its kecamatans, the country's
    the sum of everything)."""
    now, kept = computed(), stored()
    wrong = [k for k in sorted(set(now) | set(kept)) if now.get(k) != kept.get(k)]
    sums: dict[Key, int] = defaultdict(int)
    for (_level, code, category, kind, bucket), n in now.items():
        sums[(str(RegistryLevel.REGENCY), regency_of(code), category, kind, bucket)] += n
    regency = dict(
        ((level, code, category, kind, bucket), n)
        for level, code, category, kind, bucket, n in RegistryTally.objects.filter(
            level=RegistryLevel.REGENCY
        ).values_list("level", "area_code", "category", "kind", "bucket", "n")
    )
    wrong += [k for k in sorted(set(sums) | set(regency)) if sums.get(k) != regency.get(k)]
    whole: dict[Key, int] = defaultdict(int)
    for (_level, _code, category, kind, bucket), n in sums.items():
        whole[(str(RegistryLevel.COUNTRY), "", category, kind, bucket)] += n
    country = dict(
        ((level, code, category, kind, bucket), n)
        for level, code, category, kind, bucket, n in RegistryTally.objects.filter(
            level=RegistryLevel.COUNTRY
        ).values_list("level", "area_code", "category", "kind", "bucket", "n")
    )
    wrong += [k for k in sorted(set(whole) | set(country)) if whole.get(k) != country.get(k)]
    return wrong


def rebuild() -> int:
    """Recompute every row; how many rows there are."""
    refresh(None)
    return RegistryTally.objects.count()


# --- keeping them current on every save -------------------------------------------------------


def kecamatans_of(enterprise_ids: Iterable[int | None]) -> set[str]:
    """The codes of the kecamatans these enterprises are in now."""
    ids = {pk for pk in enterprise_ids if pk is not None}
    if not ids:
        return set()
    codes = Enterprise.objects.filter(pk__in=ids).values_list("village__parent__code", flat=True)
    return {code for code in codes if code}


def _remember(sender: Any, instance: Any, **kwargs: Any) -> None:
    """What the row was when read: its village (an enterprise) or its enterprise."""
    field = "village_id" if sender is Enterprise else "enterprise_id"
    instance._tally_was = instance.__dict__.get(field)


def _enterprise_changed(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    villages = {instance.village_id, getattr(instance, "_tally_was", None)} - {None}
    codes = Region.objects.filter(pk__in=villages).values_list("parent__code", flat=True)
    touch(codes)
    instance._tally_was = instance.village_id  # type: ignore[attr-defined]


def _part_changed(sender: Any, instance: Product | Certification, **kwargs: Any) -> None:
    touch(kecamatans_of({instance.enterprise_id, getattr(instance, "_tally_was", None)}))
    instance._tally_was = instance.enterprise_id  # type: ignore[union-attr]


def connect() -> None:
    for model in (Enterprise, Product, Certification):
        post_init.connect(_remember, sender=model, dispatch_uid=f"tally-init-{model.__name__}")
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_enterprise_changed, sender=Enterprise, dispatch_uid=f"tally-{name}-e")
        for model in (Product, Certification):
            uid = f"tally-{name}-{model.__name__}"
            signal.connect(_part_changed, sender=model, dispatch_uid=uid)
