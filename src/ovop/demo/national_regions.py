"""The region tree of the national data set (``ovop generate-national``): provinces, regencies,
kecamatan and villages with Kemendagri-format codes (``PP.RR.KK.VVVV``), in the proportions of
Indonesia's, scaled.

Pure: numpy and the standard library. The 38 provinces carry their real codes and names; how
many regencies, kecamatan and villages each has follows the real counts (Kemendagri, about
2024) rescaled so that the whole country holds exactly ``REGENCIES`` regencies, ``KECAMATAN``
kecamatan and ``VILLAGES`` villages at scale 1. Everything below a province is synthetic and
says so in its name ("Kabupaten Sintetis 32.05"). A regency of a province's last fifth is a
city (code 71 and up, its villages kelurahan numbered from 1001); the others are kabupaten
(villages desa from 2001). Coordinates scatter around the province's centre and stay inside
Indonesia's bounding box.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: The full size (scale 1).
REGENCIES = 514
KECAMATAN = 7_277
VILLAGES = 83_762
#: Indonesia's bounding box: latitude and longitude (degrees).
LAT = (-11.0, 6.1)
LON = (95.0, 141.0)
#: The mark every synthetic name carries.
SYNTHETIC = "Sintetis"

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

#: code, name, regencies, kecamatan, villages (real counts, about 2024), centre lat, lon.
PROVINCES: tuple[tuple[str, str, int, int, int, float, float], ...] = (
    ("11", "Aceh", 23, 290, 6500, 4.5, 96.9),
    ("12", "Sumatera Utara", 33, 455, 6110, 2.2, 99.1),
    ("13", "Sumatera Barat", 19, 179, 1265, -0.7, 100.6),
    ("14", "Riau", 12, 172, 1862, 0.5, 101.7),
    ("15", "Jambi", 11, 144, 1585, -1.6, 103.0),
    ("16", "Sumatera Selatan", 17, 241, 3258, -3.3, 104.2),
    ("17", "Bengkulu", 10, 129, 1513, -3.8, 102.3),
    ("18", "Lampung", 15, 229, 2651, -4.9, 105.3),
    ("19", "Kepulauan Bangka Belitung", 7, 47, 393, -2.4, 106.4),
    ("21", "Kepulauan Riau", 7, 80, 419, 1.0, 104.5),
    ("31", "DKI Jakarta", 6, 44, 267, -6.2, 106.8),
    ("32", "Jawa Barat", 27, 627, 5957, -6.9, 107.6),
    ("33", "Jawa Tengah", 35, 576, 8563, -7.2, 110.2),
    ("34", "DI Yogyakarta", 5, 78, 438, -7.9, 110.4),
    ("35", "Jawa Timur", 38, 666, 8494, -7.6, 112.7),
    ("36", "Banten", 8, 155, 1552, -6.4, 106.1),
    ("51", "Bali", 9, 57, 716, -8.4, 115.2),
    ("52", "Nusa Tenggara Barat", 10, 117, 1166, -8.6, 117.4),
    ("53", "Nusa Tenggara Timur", 22, 315, 3442, -9.5, 121.5),
    ("61", "Kalimantan Barat", 14, 174, 2146, 0.0, 110.5),
    ("62", "Kalimantan Tengah", 14, 136, 1576, -1.6, 113.4),
    ("63", "Kalimantan Selatan", 13, 156, 2016, -3.1, 115.3),
    ("64", "Kalimantan Timur", 10, 105, 1038, 0.5, 116.4),
    ("65", "Kalimantan Utara", 5, 55, 482, 3.0, 116.2),
    ("71", "Sulawesi Utara", 15, 171, 1839, 1.2, 124.8),
    ("72", "Sulawesi Tengah", 13, 175, 2020, -1.4, 121.4),
    ("73", "Sulawesi Selatan", 24, 313, 3059, -3.7, 120.0),
    ("74", "Sulawesi Tenggara", 17, 220, 2288, -4.1, 122.2),
    ("75", "Gorontalo", 6, 77, 734, 0.7, 122.4),
    ("76", "Sulawesi Barat", 6, 69, 650, -2.5, 119.2),
    ("81", "Maluku", 11, 118, 1235, -3.2, 129.0),
    ("82", "Maluku Utara", 10, 116, 1185, 1.6, 127.8),
    ("91", "Papua", 9, 105, 1049, -2.5, 140.0),
    ("92", "Papua Barat", 7, 86, 952, -1.3, 133.2),
    ("93", "Papua Selatan", 4, 82, 690, -7.0, 139.5),
    ("94", "Papua Tengah", 8, 131, 1208, -3.6, 136.3),
    ("95", "Papua Pegunungan", 8, 252, 2627, -4.1, 138.9),
    ("96", "Papua Barat Daya", 6, 131, 1011, -1.0, 131.5),
)
#: Provinces on Java, where IKM are densest.
JAVA = frozenset({"31", "32", "33", "34", "35", "36"})


@dataclass(frozen=True)
class Sizes:
    """How many of each at a scale."""

    scale: float
    regencies: int
    kecamatan: int
    villages: int
    enterprises: int


def sizes(scale: float, enterprises_full: int) -> Sizes:
    """The counts at ``scale`` (each level at least one per parent)."""
    regencies = max(1, round(REGENCIES * scale))
    kecamatan = max(regencies, round(KECAMATAN * scale))
    villages = max(kecamatan, round(VILLAGES * scale))
    return Sizes(scale, regencies, kecamatan, villages, max(1, round(enterprises_full * scale)))


def apportion(total: int, weights: Floats, minimum: int = 0) -> Ints:
    """``total`` split in proportion to ``weights`` (largest remainders), each part at least
    ``minimum`` (``total`` must allow it)."""
    n = weights.shape[0]
    spare = total - minimum * n
    if spare < 0:
        raise ValueError(f"{total} cannot give {minimum} to each of {n}")
    exact = weights / weights.sum() * spare
    parts = np.floor(exact).astype(np.int64)
    rest = spare - int(parts.sum())
    if rest:
        order = np.argsort(-(exact - parts), kind="stable")
        parts[order[:rest]] += 1
    result: Ints = parts + minimum
    return result


@dataclass(frozen=True)
class Layer:
    """One level of the tree: codes, names, the index of each one's parent in the level
    above, coordinates."""

    codes: list[str]
    names: list[str]
    parent: Ints
    lat: Floats
    lon: Floats


@dataclass(frozen=True)
class Tree:
    provinces: Layer
    regencies: Layer
    kecamatan: Layer
    villages: Layer
    #: Per regency: a city (kota), else a kabupaten; per village: its province is on Java.
    is_city: NDArray[np.bool_]
    village_on_java: NDArray[np.bool_]


def _clip(lat: Floats, lon: Floats) -> tuple[Floats, Floats]:
    return np.clip(lat, *LAT), np.clip(lon, *LON)


def _provinces(size: Sizes) -> tuple[Layer, Ints]:
    """The provinces that get at least one regency, and how many each gets."""
    weights = np.array([p[2] for p in PROVINCES], dtype=np.float64)
    per = apportion(size.regencies, weights)
    kept = np.flatnonzero(per > 0)
    rows = [PROVINCES[i] for i in kept]
    level = Layer(
        codes=[r[0] for r in rows],
        names=[r[1] for r in rows],
        parent=np.full(len(rows), -1, dtype=np.int64),
        lat=np.array([r[5] for r in rows]),
        lon=np.array([r[6] for r in rows]),
    )
    return level, per[kept]


def _regencies(
    provinces: Layer, per: Ints, rng: np.random.Generator
) -> tuple[Layer, NDArray[np.bool_]]:
    codes, names, parent, cities = [], [], [], []
    for p, (code, count) in enumerate(zip(provinces.codes, per.tolist(), strict=True)):
        n_cities = count // 5
        for k in range(count):
            city = k >= count - n_cities
            number = 71 + k - (count - n_cities) if city else k + 1
            codes.append(f"{code}.{number:02d}")
            kind = "Kota" if city else "Kabupaten"
            names.append(f"{kind} {SYNTHETIC} {code}.{number:02d}")
            parent.append(p)
            cities.append(city)
    index = np.array(parent, dtype=np.int64)
    lat, lon = _clip(
        provinces.lat[index] + rng.normal(0, 0.7, index.size),
        provinces.lon[index] + rng.normal(0, 0.9, index.size),
    )
    return Layer(codes, names, index, lat, lon), np.array(cities, dtype=bool)


def _children(
    parents: Layer, per: Ints, rng: np.random.Generator, spread: float
) -> tuple[Ints, Floats, Floats]:
    """Each child's parent index and coordinates scattered around the parent."""
    index = np.repeat(np.arange(per.size, dtype=np.int64), per)
    lat, lon = _clip(
        parents.lat[index] + rng.normal(0, spread, index.size),
        parents.lon[index] + rng.normal(0, spread, index.size),
    )
    return index, lat, lon


def _weights_of(regencies: Layer, provinces: Layer, column: int) -> Floats:
    """Each regency's share of its province's real count (``column`` of ``PROVINCES``)."""
    real = {p[0]: p for p in PROVINCES}
    per_regency = [
        float(real[code][column]) / float(real[code][2])
        for code in (provinces.codes[i] for i in regencies.parent)
    ]
    return np.array(per_regency, dtype=np.float64)


def tree(size: Sizes, rng: np.random.Generator) -> Tree:
    """The region tree at ``size``."""
    provinces, per_province = _provinces(size)
    regencies, is_city = _regencies(provinces, per_province, rng)
    noise = rng.lognormal(0.0, 0.25, len(regencies.codes))
    per_regency = apportion(size.kecamatan, _weights_of(regencies, provinces, 3) * noise, minimum=1)
    k_parent, k_lat, k_lon = _children(regencies, per_regency, rng, 0.15)
    k_codes = [
        f"{regencies.codes[r]}.{k:02d}" for r, k in zip(k_parent, _ordinals(k_parent), strict=True)
    ]
    kecamatan = Layer(
        k_codes, [f"Kecamatan {SYNTHETIC} {c}" for c in k_codes], k_parent, k_lat, k_lon
    )
    village_weight = _weights_of(regencies, provinces, 4) / _weights_of(regencies, provinces, 3)
    weights = village_weight[k_parent] * rng.lognormal(0.0, 0.3, k_parent.size)
    per_kecamatan = apportion(size.villages, weights, minimum=1)
    v_parent, v_lat, v_lon = _children(kecamatan, per_kecamatan, rng, 0.04)
    city = is_city[k_parent[v_parent]]
    first = np.where(city, 1000, 2000)
    v_codes = [
        f"{k_codes[k]}.{f + n:04d}"
        for k, f, n in zip(v_parent.tolist(), first.tolist(), _ordinals(v_parent), strict=True)
    ]
    names = [
        f"{'Kelurahan' if c else 'Desa'} {SYNTHETIC} {code}"
        for c, code in zip(city.tolist(), v_codes, strict=True)
    ]
    villages = Layer(v_codes, names, v_parent, v_lat, v_lon)
    java = np.array([provinces.codes[p] in JAVA for p in regencies.parent])
    return Tree(provinces, regencies, kecamatan, villages, is_city, java[k_parent[v_parent]])


def _ordinals(parent: Ints) -> list[int]:
    """1, 2, 3… within each run of the same parent (``parent`` is sorted)."""
    starts = np.r_[0, np.flatnonzero(np.diff(parent)) + 1]
    position = np.arange(parent.size) - np.repeat(starts, np.diff(np.r_[starts, parent.size]))
    ordinals: list[int] = (position + 1).tolist()
    return ordinals
