"""The facts the budget-plan demo is built from: fiscal years 2023–2027 of Bangka Tengah's OVOP
line, their sources of money, the price list (Standar Satuan Harga) and the kinds of activity
villages ask for.

Every figure here is a plausible demo figure, not an official one. The sources follow how a
tin-mining regency's industry office is funded: the OVOP line of Disperindag's DPA (APBD
kabupaten, about Rp 750 juta a year), DAK fisik for IKM equipment in one year, CSR of PT Timah
Tbk and of a private smelter partner, a provincial grant in one year, and the Dana Desa of two
villages. The price list's 2023 unit costs were set after the order of magnitude of published
regency SSH/SBM tables and of the fees of BPJPH (halal), BPOM and DJKI (trademark PNBP for
micro and small firms); later years rise about 5 % a year (``PRICE_RISE``). The money asked
is kept about ``ASK_RATIO`` times the money available, so the frontier keeps rising past the
year's budget: the budget gap the programme's evaluation names.

The two CSR partners' rules are edited from the default (training, equipment, promotion):
PT Timah's pays for training and exhibitions, the smelter partner's for equipment. Besides
being how such partners split their support, sources with overlapping rules make the
optimiser's proof of optimality slow (it must rule out every way of sharing the same items
between them): on the 2023 instance one solve took ~15 s with the default rules, ~1.4 s so.
For the same reason the smelter partner gives nothing in 2024, DAK's year (DAK pays only for
equipment too: with both, the 2024 run did not finish in minutes), and the provincial grant
pays only for packaging and food certificates (with any type, like the APBD line, 2025's run
did not finish in minutes either).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ovop.demo.empowerment_data import REFERENCE_DATE
from ovop.planning.choices import ActivityType as T
from ovop.planning.choices import SourceKind as K

YEARS = (2023, 2024, 2025, 2026, 2027)
CURRENT_YEAR = REFERENCE_DATE.year  # delivery partly done on the reference date
PLANNING_YEAR = CURRENT_YEAR + 1  # proposals and two draft scenarios, nothing approved
#: Years closed, and the day their books were closed.
CLOSED_ON = {2023: date(2024, 2, 27), 2024: date(2025, 2, 26)}
#: Proposals are gathered in the year before (musrenbang, action plans) and the year opened.
OPENED_ON = {year: date(year - 1, 8, 1) for year in YEARS}
#: The plan is approved when the DPA is signed, early in January.
APPROVED_ON = {year: date(year, 1, 8) for year in YEARS}
#: The 2025 mid-year budget change (APBD-P) that the plan's version 2 answers.
REVISION_YEAR = 2025
REVISION_REASON = "APBD-P 2025"
REVISION_ON = date(2025, 9, 22)
#: The APBD line of 2025 before the APBD-P (pagu murni); the ceiling below is after it.
APBD_MURNI_2025 = 690_000_000
#: Money asked ≈ this many times the money available (the budget gap).
ASK_RATIO = 2.5
PRICE_RISE = 0.05
MIN_PER_KECAMATAN = 1
MAX_SHARE_PER_TYPE_PCT = 40

APBD_NAME = "APBD Kabupaten — DPA Disperindag (program OVOP)"
DAK_NAME = "DAK Fisik Bidang Industri Kecil dan Menengah"
TIMAH_NAME = "CSR PT Timah Tbk"
SMELTER_NAME = "CSR mitra smelter swasta"
PROVINCE_NAME = "APBD Provinsi Kepulauan Bangka Belitung (bantuan keuangan)"
NAMANG = "19.04.05.2001"
KURAU_TIMUR = "19.04.01.2005"
KOBA = "19.04.01.1001"  # the regency's seat: events of the whole regency


@dataclass(frozen=True)
class SourceDesign:
    kind: str
    name: str
    ceiling_idr: dict[int, int]  # by year; a year not listed has no such source
    village: str = ""  # Dana Desa: the village code
    notes: str = ""
    #: The activity types it may pay for when the office edited the default rule (None: the
    #: configurable default of its kind).
    types: tuple[str, ...] | None = None


# fmt: off
SOURCES: tuple[SourceDesign, ...] = (
    SourceDesign(K.APBD_KAB, APBD_NAME, {
        2023: 715_000_000, 2024: 790_000_000, 2025: 740_000_000, 2026: 805_000_000,
        2027: 760_000_000,
    }, notes="Pagu 2025 setelah APBD-P (pagu murni Rp 690.000.000)."),
    SourceDesign(K.DAK, DAK_NAME, {2024: 320_000_000},
                 notes="DAK fisik: hanya peralatan dan sarana IKM."),
    SourceDesign(K.CSR, TIMAH_NAME, {
        2023: 140_000_000, 2024: 160_000_000, 2025: 150_000_000, 2026: 175_000_000,
        2027: 165_000_000,
    }, notes="Program Kemitraan dan Bina Lingkungan untuk UMKM binaan: pelatihan dan pameran.",
       types=(T.TRAINING, T.PROMOTION)),
    SourceDesign(K.CSR, SMELTER_NAME, {
        2023: 80_000_000, 2025: 85_000_000, 2026: 100_000_000, 2027: 90_000_000,
    }, notes="CSR perusahaan smelter timah swasta di Bangka Tengah: bantuan peralatan.",
       types=(T.EQUIPMENT,)),
    SourceDesign(K.APBD_PROV, PROVINCE_NAME, {2025: 125_000_000},
                 notes="Bantuan keuangan provinsi untuk sertifikasi dan kemasan IKM.",
                 types=(T.PACKAGING, T.CERT_HALAL, T.CERT_PIRT, T.CERT_BPOM)),
    SourceDesign(K.DANA_DESA, "Dana Desa Namang", {year: 45_000_000 for year in YEARS},
                 village=NAMANG, notes="Pos pemberdayaan ekonomi desa."),
    SourceDesign(K.DANA_DESA, "Dana Desa Kurau (Timur)", {
        2025: 40_000_000, 2026: 40_000_000, 2027: 40_000_000,
    }, village=KURAU_TIMUR, notes="Pos pemberdayaan ekonomi desa."),
)
# fmt: on
#: 2027's draft scenarios: the indicative ceiling (APBD and Dana Desa), then with CSR as well.
DRAFTS = (("Pagu indikatif", (K.APBD_KAB, K.DANA_DESA)), ("Pagu + CSR", ()))


@dataclass(frozen=True)
class Price:
    code: str
    name: str
    unit: str
    cost_2023_idr: int
    activity_type: str


# fmt: off
PRICES: tuple[Price, ...] = (
    Price("BMT-01", "Bimtek produksi dan keamanan pangan (konsumsi, modul, bahan praktik)",
          "orang-hari", 425_000, T.TRAINING),
    Price("BMT-02", "Bimtek desain dan teknik kerajinan (konsumsi, modul, bahan praktik)",
          "orang-hari", 450_000, T.TRAINING),
    Price("BMT-03", "Bimtek pemasaran digital dan pencatatan keuangan", "orang-hari",
          400_000, T.TRAINING),
    Price("BMT-04", "Honorarium narasumber/instruktur", "orang-jam", 900_000, T.TRAINING),
    Price("PKP-01", "Penyuluhan Keamanan Pangan (PKP) dan pendaftaran SPP-IRT", "IKM",
          1_250_000, T.CERT_PIRT),
    Price("HLL-01", "Fasilitasi sertifikasi halal reguler (LPH dan BPJPH)", "IKM",
          3_750_000, T.CERT_HALAL),
    Price("HLL-02", "Pendampingan sertifikasi halal self-declare (PPH)", "IKM", 350_000,
          T.CERT_HALAL),
    Price("BPM-01", "Fasilitasi izin edar BPOM MD (uji laboratorium dan pendaftaran)",
          "produk", 8_500_000, T.CERT_BPOM),
    Price("HKI-01", "Pendaftaran merek usaha mikro dan kecil (termasuk PNBP)", "merek",
          2_150_000, T.CERT_TRADEMARK),
    Price("HKI-02", "Pendaftaran merek kolektif desa", "merek", 3_500_000, T.CERT_TRADEMARK),
    Price("KMS-01", "Desain kemasan dan label", "SKU", 2_500_000, T.PACKAGING),
    Price("KMS-02", "Cetak kemasan awal (standing pouch 1.000 lembar dan label)", "paket",
          3_200_000, T.PACKAGING),
    Price("KMS-03", "Klinik kemasan (narasumber, bahan, dua hari)", "kegiatan", 12_500_000,
          T.PACKAGING),
    Price("ALT-01", "Paket peralatan pengolahan pangan skala IKM", "paket", 32_000_000,
          T.EQUIPMENT),
    Price("ALT-02", "Chest freezer 500 liter", "unit", 9_500_000, T.EQUIPMENT),
    Price("ALT-03", "Mesin perajang dan pengering", "paket", 18_500_000, T.EQUIPMENT),
    Price("ALT-04", "Rumah pengering tenaga surya", "unit", 42_000_000, T.EQUIPMENT),
    Price("ALT-05", "Peralatan kerajinan (alat belah, penghalus, mesin jahit)", "paket",
          11_000_000, T.EQUIPMENT),
    Price("ALT-06", "Vacuum sealer dan continuous band sealer", "paket", 6_500_000,
          T.EQUIPMENT),
    Price("PMS-01", "Sewa stan pameran daerah (Babel Expo, HUT Kabupaten)", "stan",
          7_500_000, T.PROMOTION),
    Price("PMS-02", "Pameran nasional (INACRAFT/Smesco): stan, pengiriman, perjalanan",
          "kegiatan", 45_000_000, T.PROMOTION),
    Price("PMS-03", "Foto produk dan katalog digital", "IKM", 850_000, T.PROMOTION),
    Price("PND-01", "Tenaga ahli pendamping IKM", "orang-bulan", 6_500_000, T.MENTORING),
    Price("PSR-01", "Temu bisnis dengan pembeli dan toko oleh-oleh", "kegiatan", 17_500_000,
          T.MARKET_ACCESS),
    Price("PSR-02", "Onboarding marketplace dan kurasi produk", "IKM", 750_000,
          T.MARKET_ACCESS),
    Price("LNS-01", "Kajian pengembangan produk unggulan desa", "paket", 25_000_000, T.OTHER),
    Price("LNS-02", "Uji laboratorium mutu produk", "sampel", 1_100_000, T.OTHER),
)
# fmt: on


@dataclass(frozen=True)
class Ask:
    """A kind of proposal: the price item, how units are counted, the title.

    ``per``: "people" (units = people × days), "ikm" (units = IKM helped), "group" (a group of a
    programme village, or one IKM elsewhere) or "fixed" (units drawn from ``units``).
    ``lines``: product families it suits ("" = any); ``weight``: how often villages ask it.
    """

    activity_type: str
    price: str
    per: str
    units: tuple[int, int]
    title: str
    weight: int
    families: tuple[str, ...] = ()


FOOD = ("sea", "river", "forest", "farm")
# fmt: off
ASKS: tuple[Ask, ...] = (
    Ask(T.TRAINING, "BMT-01", "people", (2, 3),
        "Bimtek produksi higienis dan keamanan pangan {produk} Desa {desa}", 9, FOOD),
    Ask(T.TRAINING, "BMT-02", "people", (3, 4),
        "Bimtek desain dan motif {produk} untuk perajin Desa {desa}", 9, ("craft",)),
    Ask(T.TRAINING, "BMT-03", "people", (2, 3),
        "Bimtek pemasaran digital dan pembukuan IKM {produk} Desa {desa}", 7),
    Ask(T.EQUIPMENT, "ALT-01", "group", (1, 2),
        "Paket peralatan pengolahan {produk} untuk {penerima}", 6, ("sea", "river", "farm")),
    Ask(T.EQUIPMENT, "ALT-02", "group", (2, 4), "Chest freezer stok {bahan} untuk {penerima}",
        4, ("sea", "river")),
    Ask(T.EQUIPMENT, "ALT-03", "group", (1, 2),
        "Mesin perajang dan pengering {produk} untuk {penerima}", 4, ("farm", "forest")),
    Ask(T.EQUIPMENT, "ALT-04", "group", (1, 1),
        "Rumah pengering tenaga surya {produk} untuk {penerima}", 3, ("forest", "river")),
    Ask(T.EQUIPMENT, "ALT-05", "group", (1, 3), "Peralatan kerajinan {produk} untuk {penerima}",
        5, ("craft",)),
    Ask(T.EQUIPMENT, "ALT-06", "group", (2, 4), "Vacuum sealer dan band sealer untuk {penerima}",
        3, FOOD),
    Ask(T.PACKAGING, "KMS-01", "fixed", (4, 10), "Desain kemasan dan label {produk} Desa {desa}",
        3),
    Ask(T.PACKAGING, "KMS-02", "fixed", (3, 8), "Cetak kemasan awal {produk} Desa {desa}", 1),
    Ask(T.PACKAGING, "KMS-03", "fixed", (1, 1), "Klinik kemasan {produk} Desa {desa}", 3),
    Ask(T.CERT_PIRT, "PKP-01", "ikm", (3, 12), "PKP dan pendaftaran P-IRT {produk} Desa {desa}",
        5, FOOD),
    Ask(T.CERT_HALAL, "HLL-01", "ikm", (2, 6), "Fasilitasi sertifikat halal reguler {produk} "
        "Desa {desa}", 3, FOOD),
    Ask(T.CERT_HALAL, "HLL-02", "ikm", (3, 12), "Pendampingan halal self-declare IKM {produk} "
        "Desa {desa}", 2, FOOD),
    Ask(T.CERT_BPOM, "BPM-01", "ikm", (1, 3), "Fasilitasi izin edar BPOM MD {produk} Desa {desa}",
        2, FOOD),
    Ask(T.CERT_TRADEMARK, "HKI-01", "ikm", (2, 6), "Pendaftaran merek IKM {produk} Desa {desa}",
        3),
    Ask(T.CERT_TRADEMARK, "HKI-02", "fixed", (1, 1),
        "Pendaftaran merek kolektif {produk} Desa {desa}", 1),
    Ask(T.PROMOTION, "PMS-01", "fixed", (2, 4), "Stan {produk} Desa {desa} di pameran daerah", 3),
    Ask(T.PROMOTION, "PMS-02", "fixed", (1, 1),
        "Keikutsertaan {produk} Desa {desa} di pameran nasional", 2),
    Ask(T.PROMOTION, "PMS-03", "ikm", (3, 12), "Foto produk dan katalog digital {produk} "
        "Desa {desa}", 2),
    Ask(T.MENTORING, "PND-01", "fixed", (4, 8), "Tenaga ahli pendamping IKM {produk} Desa {desa}",
        3),
    Ask(T.MARKET_ACCESS, "PSR-01", "fixed", (1, 1),
        "Temu bisnis {produk} Desa {desa} dengan toko oleh-oleh", 2),
    Ask(T.MARKET_ACCESS, "PSR-02", "ikm", (3, 12), "Onboarding marketplace IKM {produk} "
        "Desa {desa}", 1),
    Ask(T.OTHER, "LNS-01", "fixed", (1, 1), "Kajian pengembangan {produk} Desa {desa}", 1),
    Ask(T.OTHER, "LNS-02", "fixed", (4, 10), "Uji laboratorium mutu {produk} Desa {desa}", 1,
        FOOD),
)
# fmt: on
#: Programme villages ask this many times as often as the others.
PROGRAMME_WEIGHT = 3
#: Proposals each year (before those read from the action plans).
PROPOSALS = {2023: 70, 2024: 90, 2025: 80, 2026: 85, 2027: 85}
#: At most this many proposals a year are typed (those read from the action plans come on top).
MAX_TYPED = 110


@dataclass(frozen=True)
class Mandatory:
    """A commitment the regency funds every year it is proposed: price, units, title."""

    price: str
    units: int
    title: str


MANDATORY: tuple[Mandatory, ...] = (
    Mandatory("PMS-01", 3, "Stan bersama IKM OVOP Kabupaten Bangka Tengah di Babel Expo {year}"),
    Mandatory("PMS-01", 2, "Pameran produk OVOP pada HUT Kabupaten Bangka Tengah {year}"),
    Mandatory("PND-01", 4, "Tenaga ahli pendamping program OVOP kabupaten {year}"),
    Mandatory("PSR-01", 1, "Temu bisnis produk OVOP dengan pengelola toko Bandara Depati Amir"),
)
MANDATORY_COUNT = {2023: 2, 2024: 3, 2025: 3, 2026: 4, 2027: 3}
#: Days an activity of each type lasts (from, to).
DURATION: dict[str, tuple[int, int]] = {
    T.TRAINING: (2, 4),
    T.EQUIPMENT: (30, 60),
    T.PACKAGING: (30, 45),
    T.CERT_HALAL: (60, 120),
    T.CERT_PIRT: (45, 75),
    T.CERT_BPOM: (90, 150),
    T.CERT_TRADEMARK: (60, 120),
    T.PROMOTION: (3, 6),
    T.MENTORING: (90, 150),
    T.MARKET_ACCESS: (1, 2),
    T.OTHER: (45, 90),
}
#: What the money of an activity was paid for, by type: (description, share of the money).
COSTS: dict[str, tuple[tuple[str, float], ...]] = {
    T.TRAINING: (("Konsumsi dan modul peserta", 0.55), ("Honorarium narasumber", 0.3),
                 ("Bahan praktik dan sewa tempat", 0.15)),
    T.EQUIPMENT: (("Pengadaan peralatan (e-katalog)", 1.0),),
    T.PACKAGING: (("Jasa desain kemasan", 0.6), ("Cetak contoh kemasan dan label", 0.4)),
    T.CERT_HALAL: (("Biaya pemeriksaan LPH dan sertifikasi BPJPH", 1.0),),
    T.CERT_PIRT: (("PKP: narasumber Dinas Kesehatan dan konsumsi", 0.7),
                  ("Pendaftaran dan kunjungan sarana produksi", 0.3)),
    T.CERT_BPOM: (("Uji laboratorium", 0.6), ("Pendaftaran dan pendampingan izin edar", 0.4)),
    T.CERT_TRADEMARK: (("PNBP pendaftaran merek DJKI", 0.75), ("Desain logo merek", 0.25)),
    T.PROMOTION: (("Sewa stan dan dekorasi", 0.7), ("Pengiriman produk dan perjalanan", 0.3)),
    T.MENTORING: (("Honorarium tenaga ahli", 1.0),),
    T.MARKET_ACCESS: (("Sewa tempat dan konsumsi temu bisnis", 0.8),
                      ("Kurasi dan contoh produk", 0.2)),
    T.OTHER: (("Jasa konsultan/laboratorium", 1.0),),
}  # fmt: skip
#: 2026's delivery as on the reference date: the activity cancelled, with its reason, and the
#: share the one activity over plan spent above its planned cost.
CANCEL_REASON = (
    "Pameran diundur penyelenggara ke tahun depan; anggaran tidak dapat dipakai untuk kegiatan "
    "lain tanpa revisi DPA."
)
CANCEL_REASON_OTHER = (
    "IKM penerima belum memenuhi syarat sarana produksi; kegiatan diusulkan lagi tahun depan."
)
OVER_PLAN = 1.14
#: Training scores: the pre-test mean and spread, the mean gain and its spread (points).
PRE_MEAN, PRE_SD, GAIN_MEAN, GAIN_SD = 56.0, 11.0, 16.0, 9.0
#: Certificates obtained after a certification activity: the share of the IKM helped.
OBTAINED_SHARE = 0.8
#: Years a certificate of each registry kind stays valid (None: no expiry date).
VALID_YEARS: dict[str, int | None] = {"halal": None, "pirt": 5, "bpom_md": 5, "trademark": 10}
