"""The indicators ovop ships, marked "configurable default": officers edit or archive them.

Drawn from what OVOP/OTOP and Indonesian programme evaluations report (the project's domain
notes, "Indicators reported"): at enterprise level revenue (omzet), profit, capital, production,
workers, customers, product types and marketing channels, the before/after measures of
Indonesian evaluations (PNPM-SPP, CSR partner and UMKM credit studies, paired t-test or Wilcoxon
on profit, omzet, labour, capital, production, customers, product variety); certificates held
as output (NIB, P-IRT, halal, BPOM, HKI, SNI); knowledge and competence, participation and
women's role as the social findings of the Bangka Tengah evaluation (Widya Novita et al. 2021);
local raw material and resource use as its environmental finding. The plausible ranges bound
what a form accepts; they are set wide enough for a small or medium industry (Permenperin
64/M-IND/PER/7/2016: up to 19 workers, or more with investment up to Rp 15 billion).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

SOURCE_EVAL = "Evaluasi program OVOP Bangka Tengah (Widya Novita dkk. 2021)"
SOURCE_PREPOST = "Evaluasi program UMKM di Indonesia (uji sebelum–sesudah); OVOP/OTOP"
SOURCE_CERT = "Kemenperin / Kemenkop UKM: NIB, P-IRT, halal, BPOM MD, HKI, SNI"

MARKETS = [
    {"code": "desa", "label_id": "Desa sendiri", "label_en": "Own village"},
    {"code": "kabupaten", "label_id": "Dalam kabupaten", "label_en": "Within the regency"},
    {"code": "provinsi", "label_id": "Dalam provinsi", "label_en": "Within the province"},
    {"code": "nasional", "label_id": "Luar provinsi", "label_en": "Other provinces"},
    {"code": "ekspor", "label_id": "Ekspor", "label_en": "Export"},
]


def _i(
    code: str,
    name_id: str,
    name_en: str,
    domain: str,
    unit: str,
    value_type: str,
    low: int | None,
    high: int | None,
    definition_id: str,
    definition_en: str,
    source: str,
    **more: Any,
) -> dict[str, Any]:
    return {
        "code": code,
        "name_id": name_id,
        "name_en": name_en,
        "domain": domain,
        "unit": unit,
        "value_type": value_type,
        "min_value": None if low is None else Decimal(low),
        "max_value": None if high is None else Decimal(high),
        "definition_id": definition_id,
        "definition_en": definition_en,
        "source": source,
        **more,
    }


INDICATORS: list[dict[str, Any]] = [
    _i(
        "omzet",
        "Omzet per bulan",
        "Monthly revenue",
        "economic",
        "idr_month",
        "integer",
        0,
        5_000_000_000,
        "Nilai penjualan rata-rata per bulan dalam enam bulan terakhir.",
        "Average sales per month over the last six months.",
        SOURCE_PREPOST,
    ),
    _i(
        "laba",
        "Keuntungan per bulan",
        "Monthly profit",
        "economic",
        "idr_month",
        "integer",
        -1_000_000_000,
        2_000_000_000,
        "Omzet dikurangi biaya produksi dan usaha, rata-rata per bulan.",
        "Revenue minus production and business costs, monthly average.",
        SOURCE_PREPOST,
    ),
    _i(
        "modal",
        "Modal usaha",
        "Business capital",
        "economic",
        "idr",
        "integer",
        0,
        15_000_000_000,
        "Modal kerja dan investasi di luar tanah dan bangunan.",
        "Working capital and investment, land and buildings excluded.",
        SOURCE_PREPOST,
    ),
    _i(
        "produksi",
        "Volume produksi per bulan",
        "Monthly production",
        "economic",
        "kg_month",
        "decimal",
        0,
        1_000_000,
        "Hasil produksi produk utama per bulan (kg).",
        "Output of the main product per month (kg).",
        SOURCE_PREPOST,
    ),
    _i(
        "tenaga_kerja",
        "Tenaga kerja",
        "Workers",
        "economic",
        "persons",
        "integer",
        0,
        500,
        "Orang yang bekerja di usaha ini, termasuk pemilik.",
        "People working in the business, the owner included.",
        SOURCE_PREPOST,
        aggregation="sum",
        by_gender=True,
        by_youth=True,
    ),
    _i(
        "harga",
        "Harga jual produk utama",
        "Price of the main product",
        "economic",
        "idr",
        "integer",
        0,
        50_000_000,
        "Harga jual per satuan produk utama.",
        "Selling price per unit of the main product.",
        SOURCE_PREPOST,
    ),
    _i(
        "pelanggan",
        "Pelanggan per bulan",
        "Customers per month",
        "economic",
        "count",
        "integer",
        0,
        100_000,
        "Jumlah pembeli berbeda dalam sebulan.",
        "Number of different buyers in a month.",
        SOURCE_PREPOST,
    ),
    _i(
        "pasar",
        "Jangkauan pasar terjauh",
        "Farthest market reached",
        "economic",
        "count",
        "choice",
        None,
        None,
        "Wilayah terjauh tempat produk dijual secara rutin.",
        "The farthest area where the product is sold regularly.",
        SOURCE_PREPOST,
        aggregation="share",
        options=MARKETS,
    ),
    _i(
        "jual_daring",
        "Menjual secara daring",
        "Sells online",
        "economic",
        "yes_no",
        "boolean",
        None,
        None,
        "Menjual lewat marketplace atau media sosial dalam tiga bulan terakhir.",
        "Sold through a marketplace or social media in the last three months.",
        SOURCE_PREPOST,
        aggregation="share",
    ),
    _i(
        "jenis_produk",
        "Jenis produk",
        "Product types",
        "economic",
        "count",
        "integer",
        0,
        200,
        "Jumlah jenis atau varian produk yang dijual.",
        "Number of product types or variants sold.",
        SOURCE_PREPOST,
    ),
    _i(
        "sertifikat",
        "Sertifikat dan izin dimiliki",
        "Certificates held",
        "output",
        "count",
        "integer",
        0,
        20,
        "NIB, P-IRT, halal, BPOM MD, merek (HKI), SNI yang masih berlaku.",
        "NIB, P-IRT, halal, BPOM MD, trademark, SNI still valid.",
        SOURCE_CERT,
        aggregation="sum",
    ),
    _i(
        "kompetensi",
        "Skor uji kompetensi",
        "Competence test score",
        "social",
        "score",
        "decimal",
        0,
        100,
        "Nilai uji pengetahuan dan keterampilan usaha (0-100).",
        "Score of the business knowledge and skills test (0-100).",
        SOURCE_EVAL,
    ),
    _i(
        "pertemuan",
        "Pertemuan kelompok dihadiri",
        "Group meetings attended",
        "social",
        "count",
        "integer",
        0,
        200,
        "Pertemuan kelompok yang dihadiri dalam enam bulan terakhir.",
        "Group meetings attended in the last six months.",
        SOURCE_EVAL,
    ),
    _i(
        "pimpinan_perempuan",
        "Usaha dipimpin perempuan",
        "Led by a woman",
        "social",
        "yes_no",
        "boolean",
        None,
        None,
        "Pemilik atau pengelola utama usaha adalah perempuan.",
        "The owner or main manager of the business is a woman.",
        SOURCE_EVAL,
        aggregation="share",
    ),
    _i(
        "bahan_lokal",
        "Bahan baku lokal",
        "Local raw material",
        "environmental",
        "percent",
        "percent",
        0,
        100,
        "Bagian bahan baku (menurut nilai) yang berasal dari kabupaten.",
        "Share of raw material (by value) sourced in the regency.",
        SOURCE_EVAL,
    ),
    _i(
        "limbah_dikelola",
        "Limbah yang dikelola",
        "Waste handled",
        "environmental",
        "percent",
        "percent",
        0,
        100,
        "Bagian limbah produksi yang diolah, dijual atau didaur ulang.",
        "Share of production waste treated, sold or recycled.",
        SOURCE_EVAL,
    ),
    _i(
        "biaya_energi",
        "Biaya energi per bulan",
        "Energy cost per month",
        "environmental",
        "idr_month",
        "integer",
        0,
        500_000_000,
        "Listrik, gas dan kayu bakar untuk produksi.",
        "Electricity, gas and firewood used in production.",
        SOURCE_EVAL,
        direction="lower",
    ),
]


def indicators_install(indicator_model: Any) -> int:
    """Create the shipped indicators that are missing (by code); returns how many."""
    existing = set(indicator_model.objects.values_list("code", flat=True))
    new = [
        indicator_model(is_default=True, **fields)
        for fields in INDICATORS
        if fields["code"] not in existing
    ]
    indicator_model.objects.bulk_create(new)
    return len(new)
