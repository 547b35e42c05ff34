"""The facts the demo of Kabupaten Bangka Tengah (19.04) is built from.

Each product line says where its figures come from. Where a news source gives a price or an
output, the range is centred on it; every other figure is an estimate made for the demo and
says so. Names of people and businesses are generated from the name parts below; they are
fictional, as are phone numbers (prefix 084x, which no Indonesian operator uses) and e-mail
addresses (example.com).
"""

from __future__ import annotations

from dataclasses import dataclass

REGENCY_CODE = "19.04"
DEFAULT_SEED = 2021
TOTAL_ENTERPRISES = 300
DEMO_PASSWORD = "ovop-demo"  # noqa: S105 - documented demo-only password
DEMO_EMAIL_DOMAIN = "demo.ovop.example"
CHANGE_REASON = "demo data"


@dataclass(frozen=True)
class Line:
    """A kind of product made in the regency, with the ranges an enterprise's figures fall in."""

    stem: str  # the word a business making it is named after
    names: tuple[str, ...]  # product names an enterprise may give it
    category: str  # enterprises.models.Category value
    unit: str
    price_idr: tuple[int, int]
    capacity: tuple[int, int]  # units per month for one enterprise
    local_pct: tuple[int, int]
    food: bool
    kbli: str
    female_share: float  # share of the workforce that is female
    description: str


FOOD = "food_beverage"
# fmt: off
LINES: dict[str, Line] = {
    # babel.antaranews.com/berita/520773 (Kurau Timur): getas from tenggiri and tapioca, about
    # 10 kg a day per maker, Rp25,000–35,000 per kg; lintasbabel.inews.id/read/72786 (Kurau Barat)
    "getas": Line(
        stem="Getas", category=FOOD, unit="kg", food=True, kbli="10794",
        price_idr=(25_000, 35_000), capacity=(180, 300), local_pct=(85, 100), female_share=0.85,
        names=("Getas Ikan Tenggiri", "Getas Tenggiri Original", "Getas Ikan Pedas",
               "Getas Tenggiri Mini"),
        description="Kerupuk bulat dari daging ikan tenggiri dan tepung tapioka, digoreng renyah.",
    ),
    # lintasbabel.inews.id/read/72786 (sentra makanan olahan Kurau Barat); regional.kompas.com
    # 2019/05/31 (kemplang also made in Batu Belubang). Price per kg: estimate.
    "kemplang": Line(
        stem="Kemplang", category=FOOD, unit="kg", food=True, kbli="10794",
        price_idr=(60_000, 95_000), capacity=(80, 250), local_pct=(80, 100), female_share=0.8,
        names=("Kemplang Ikan Tenggiri", "Kemplang Panggang", "Kemplang Ikan Tenggiri Goreng",
               "Kemplang Udang"),
        description="Kerupuk kemplang dari ikan laut segar dan tapioka, dijemur lalu dipanggang.",
    ),
    # babel.antaranews.com/amp/berita/71289: fish-bone crackers from Bangka Tengah. Figures:
    # estimate.
    "kerupuk_tulang": Line(
        stem="Kerupuk", category=FOOD, unit="bungkus 200 g", food=True, kbli="10794",
        price_idr=(12_000, 20_000), capacity=(150, 500), local_pct=(85, 100), female_share=0.8,
        names=("Kerupuk Tulang Ikan", "Kerupuk Tulang Ikan Pedas"),
        description="Kerupuk dari tulang ikan yang dihaluskan, sisa olahan getas dan kemplang.",
    ),
    # regional.kompas.com/read/2019/05/31/15351851: rusip of Batu Belubang, about 1,000 bottles a
    # month per producing house at about Rp8,000 a bottle (2019).
    "rusip": Line(
        stem="Rusip", category=FOOD, unit="botol", food=True, kbli="10216",
        price_idr=(8_000, 12_000), capacity=(800, 1_200), local_pct=(95, 100), female_share=0.9,
        names=("Rusip Ikan Bilis", "Rusip Teri Botol", "Rusip Original"),
        description="Ikan bilis (teri) fermentasi dengan garam dan gula aren, khas Bangka.",
    ),
    # regional.kompas.com 2019/05/31: kecalok (fermented small shrimp) in Batu Belubang. Figures:
    # estimate.
    "kecalok": Line(
        stem="Kecalok", category=FOOD, unit="botol", food=True, kbli="10216",
        price_idr=(10_000, 15_000), capacity=(300, 700), local_pct=(95, 100), female_share=0.9,
        names=("Kecalok Udang Rebon", "Kecalok Botol"),
        description="Udang rebon fermentasi, teman makan lempah.",
    ),
    # regional.kompas.com 2019/05/31: teritip (salted barnacles) in Batu Belubang. Figures:
    # estimate.
    "teritip": Line(
        stem="Teritip", category=FOOD, unit="botol", food=True, kbli="10216",
        price_idr=(15_000, 25_000), capacity=(100, 300), local_pct=(95, 100), female_share=0.85,
        names=("Teritip Asin", "Teritip Botol"),
        description="Teritip laut yang diasinkan dan difermentasi dalam botol.",
    ),
    # bangka.tribunnews.com/2023/07/26 (Desa Namang, ASEAN Village Network OVOP 2023);
    # bangka.tribunnews.com/2022/10/20 (madu pelawan at the 2022 national food fair). Price per
    # 250 ml and harvest: estimate.
    "madu_pelawan": Line(
        stem="Madu Pelawan", category=FOOD, unit="botol 250 ml", food=True, kbli="",
        price_idr=(100_000, 175_000), capacity=(20, 80), local_pct=(100, 100), female_share=0.3,
        names=("Madu Pelawan Pahit 250 ml", "Madu Pelawan Asli", "Madu Pahit Pelawan"),
        description="Madu pahit lebah hutan dari bunga pohon pelawan di Hutan Pelawan Namang.",
    ),
    # bangka.tribunnews.com/2023/07/26; kilasbabel.com/2023/06/07 (Namang's two flagship
    # products). Price and quantity: estimate.
    "jamur_pelawan": Line(
        stem="Jamur Pelawan", category=FOOD, unit="bungkus 100 g", food=True, kbli="",
        price_idr=(150_000, 250_000), capacity=(5, 25), local_pct=(100, 100), female_share=0.5,
        names=("Jamur Pelawan Kering 100 g", "Jamur Pelawan Kering"),
        description="Jamur merah dari akar pohon pelawan setelah musim hujan, dikeringkan.",
    ),
    # bangka.tribunnews.com/2023/07/26 (teh pucuk pelawan). Figures: estimate.
    "teh_pelawan": Line(
        stem="Teh Pelawan", category=FOOD, unit="bungkus 50 g", food=True, kbli="",
        price_idr=(25_000, 40_000), capacity=(50, 150), local_pct=(100, 100), female_share=0.7,
        names=("Teh Pucuk Pelawan", "Teh Pucuk Pelawan Celup"),
        description="Teh dari pucuk daun pelawan yang dilayukan dan dikeringkan.",
    ),
    # news.detik.com/read/2018/09/27/211138 (Bangka Tengah pepper, Muntok White Pepper).
    # Price per kg and output: estimate.
    "lada_putih": Line(
        stem="Lada", category=FOOD, unit="kg", food=True, kbli="",
        price_idr=(90_000, 140_000), capacity=(50, 400), local_pct=(100, 100), female_share=0.4,
        names=("Lada Putih Bangka", "Lada Putih Bubuk", "Lada Putih Butiran"),
        description="Lada putih (Muntok White Pepper) direndam, dikupas dan dijemur petani.",
    ),
    # kerajinanindonesia.id/kerajinan-souvenir-kayu-di-bangka-tengah: akar bandar ("kekembat")
    # key-rings and miniatures made in Namang since 2013. Prices: estimate.
    "akar_bandar": Line(
        stem="Kerajinan", category="wood_craft", unit="buah", food=False, kbli="16299",
        price_idr=(10_000, 120_000), capacity=(80, 300), local_pct=(90, 100), female_share=0.5,
        names=("Gantungan Kunci Akar Bandar", "Miniatur Akar Kekembat", "Hiasan Meja Akar Bandar"),
        description="Kerajinan dari akar bandar (kekembat): gantungan kunci, miniatur dan hiasan.",
    ),
    # babelreview.co.id/kopiah-resam-produk-umkm-unggulan-sungai-selan (Lampur): about two pieces
    # a week per crafter, Rp100,000–300,000; bangka.tribunnews.com/2023/07/26 (songkok in Namang)
    "kopiah_resam": Line(
        stem="Kopiah Resam", category="plaited_craft", unit="buah", food=False, kbli="16293",
        price_idr=(100_000, 300_000), capacity=(6, 30), local_pct=(100, 100), female_share=0.6,
        names=("Kopiah Resam", "Songkok Resam Halus", "Kopiah Resam Motif"),
        description="Kopiah anyaman batang resam (paku hutan), dikerjakan tangan satu per satu.",
    ),
    # babel.antaranews.com/berita/91325: smoked freshwater fish, Simpang Katis / Pinang
    # Sebatang. Price per kg and output: estimate.
    "ikan_salai": Line(
        stem="Ikan Salai", category=FOOD, unit="kg", food=True, kbli="10213",
        price_idr=(70_000, 140_000), capacity=(30, 200), local_pct=(90, 100), female_share=0.6,
        names=("Ikan Salai Baung", "Ikan Salai Lais", "Ikan Salai Gabus"),
        description="Ikan air tawar yang diasap perlahan di atas bara kayu.",
    ),
    # babel.antaranews.com/berita/334395: Dekranasda Bangka Tengah's crafts (kopiah resam,
    # anyaman pandan, miniatur kapal, lampu hias). Prices: estimate.
    "anyaman_pandan": Line(
        stem="Anyaman", category="plaited_craft", unit="buah", food=False, kbli="16293",
        price_idr=(35_000, 150_000), capacity=(20, 80), local_pct=(90, 100), female_share=0.9,
        names=("Tikar Pandan", "Tas Anyaman Pandan", "Tudung Saji Pandan"),
        description="Anyaman daun pandan hutan yang dijemur dan diwarnai.",
    ),
    "miniatur_kapal": Line(
        stem="Miniatur", category="wood_craft", unit="buah", food=False, kbli="",
        price_idr=(150_000, 750_000), capacity=(5, 20), local_pct=(70, 95), female_share=0.2,
        names=("Miniatur Kapal Nelayan", "Miniatur Kapal Layar"),
        description="Miniatur kapal kayu buatan tangan, meniru perahu nelayan Bangka.",
    ),
    "lampu_hias": Line(
        stem="Lampu Hias", category="wood_craft", unit="buah", food=False, kbli="",
        price_idr=(75_000, 350_000), capacity=(10, 40), local_pct=(60, 90), female_share=0.4,
        names=("Lampu Hias Kerang", "Lampu Hias Kayu"),
        description="Lampu hias dari kerang, kayu dan bahan alam setempat.",
    ),
    # No village source: common Bangka foods, included so every village has a realistic mix.
    # All figures: estimate.
    "terasi": Line(
        stem="Terasi", category=FOOD, unit="kg", food=True, kbli="",
        price_idr=(60_000, 100_000), capacity=(50, 200), local_pct=(90, 100), female_share=0.8,
        names=("Terasi Udang Bangka", "Belacan Udang"),
        description="Terasi udang rebon yang dijemur dan ditumbuk.",
    ),
    "ikan_asin": Line(
        stem="Ikan Asin", category=FOOD, unit="kg", food=True, kbli="",
        price_idr=(40_000, 90_000), capacity=(80, 300), local_pct=(95, 100), female_share=0.6,
        names=("Ikan Asin Selar", "Ikan Asin Teri"),
        description="Ikan laut hasil tangkapan setempat yang digarami dan dijemur.",
    ),
    "kue_rintak": Line(
        stem="Kue", category=FOOD, unit="toples 500 g", food=True, kbli="",
        price_idr=(30_000, 50_000), capacity=(60, 200), local_pct=(60, 90), female_share=0.9,
        names=("Kue Rintak Sagu", "Kue Rintak Kacang"),
        description="Kue kering sagu khas Bangka, dicetak dan dipanggang.",
    ),
    "keripik": Line(
        stem="Keripik", category=FOOD, unit="bungkus 250 g", food=True, kbli="10794",
        price_idr=(10_000, 18_000), capacity=(150, 500), local_pct=(80, 100), female_share=0.8,
        names=("Keripik Singkong Balado", "Keripik Pisang", "Keripik Ubi Ungu"),
        description="Keripik dari singkong, pisang atau ubi kebun warga.",
    ),
    "sirup_jeruk": Line(
        stem="Sirup", category=FOOD, unit="botol 600 ml", food=True, kbli="",
        price_idr=(25_000, 40_000), capacity=(80, 300), local_pct=(70, 95), female_share=0.8,
        names=("Sirup Jeruk Kunci", "Sirup Jeruk Kunci Gula Aren"),
        description="Sirup dari perasan jeruk kunci (jeruk kecil khas Bangka).",
    ),
}
# fmt: on


@dataclass(frozen=True)
class Centre:
    """A village known for its products: how many enterprises it gets and what they make."""

    count: int
    signature: str  # the line its first enterprise makes
    mix: dict[str, int]  # line → weight for the other enterprises


# fmt: off
CENTRES: dict[str, Centre] = {
    # Kurau (Timur), Kec. Koba — getas (babel.antaranews.com/berita/520773)
    "19.04.01.2005": Centre(28, "getas", {"getas": 5, "kemplang": 3, "kerupuk_tulang": 2,
                                          "terasi": 1}),
    # Kurau Barat, Kec. Koba — sentra makanan olahan (lintasbabel.inews.id/read/72786)
    "19.04.01.2010": Centre(22, "kemplang", {"getas": 4, "kemplang": 4, "kerupuk_tulang": 2,
                                             "ikan_asin": 1}),
    # Batu Belubang, Kec. Pangkalan Baru — rusip (regional.kompas.com 2019/05/31)
    "19.04.02.2018": Centre(14, "rusip", {"rusip": 5, "kemplang": 2, "kecalok": 2,
                                          "teritip": 1}),
    # Namang, Kec. Namang — madu pelawan and more (bangka.tribunnews.com 2023/07/26)
    "19.04.05.2001": Centre(20, "madu_pelawan", {"madu_pelawan": 4, "jamur_pelawan": 2,
                                                 "teh_pelawan": 2, "lada_putih": 3,
                                                 "akar_bandar": 2, "kopiah_resam": 2}),
    # Lampur, Kec. Sungai Selan — kopiah resam (babelreview.co.id)
    "19.04.03.2004": Centre(12, "kopiah_resam", {"kopiah_resam": 6, "lada_putih": 2,
                                                 "anyaman_pandan": 1}),
    # Pinang Sebatang, Kec. Simpang Katis — ikan salai (babel.antaranews.com/berita/91325)
    "19.04.04.2010": Centre(10, "ikan_salai", {"ikan_salai": 6, "lada_putih": 2, "keripik": 1}),
}

#: Villages on the sea, where fish products dominate (an estimate from their location).
COASTAL = frozenset({
    "19.04.01.1001", "19.04.01.1002", "19.04.01.1018", "19.04.01.2003", "19.04.01.2007",
    "19.04.01.2008", "19.04.02.2007", "19.04.02.2021", "19.04.03.1001", "19.04.03.2002",
    "19.04.06.2001", "19.04.06.2002",
})
COASTAL_MIX = {"kemplang": 3, "ikan_asin": 3, "terasi": 2, "getas": 1, "kue_rintak": 1,
               "miniatur_kapal": 1, "lampu_hias": 1, "sirup_jeruk": 1}
INLAND_MIX = {"lada_putih": 5, "keripik": 2, "kue_rintak": 2, "anyaman_pandan": 2,
              "sirup_jeruk": 1, "madu_pelawan": 1, "kopiah_resam": 1, "lampu_hias": 1}

MALE_NAMES = (
    "Ahmad", "Rudi", "Hendra", "Syahrial", "Zulkifli", "Firdaus", "Rusli", "Hamdan", "Suryadi",
    "Bakri", "Marzuki", "Iskandar", "Junaidi", "Sofyan", "Haris", "Rahmat", "Arif", "Darmawan",
    "Saparudin", "Edi", "Yusuf", "Rizal", "Taufik", "Amran", "Hasan", "Sahrul", "Indra", "Ferry",
    "Herman", "Joni", "Mulyadi", "Sukri", "Rosihan", "Asmadi", "Jamaludin", "Zainal",
)
FEMALE_NAMES = (
    "Siti", "Nurhayati", "Rohani", "Fatimah", "Yuliana", "Sri", "Dewi", "Rosmawati", "Halimah",
    "Aminah", "Maryam", "Nurlela", "Salmah", "Rahmawati", "Juliana", "Ernawati", "Sumiati", "Wati",
    "Nuraini", "Rusmini", "Lela", "Herlina", "Suryani", "Maisarah", "Zuraida", "Yanti", "Rita",
    "Mardiana", "Asmah", "Komariah", "Hasnah", "Ratna",
)
FAMILY_NAMES = (
    "Saputra", "Hidayat", "Rahman", "Kurniawan", "Wijaya", "Pratama", "Lestari", "Susanti",
    "Hasanah", "Ramadhan", "Syahputra", "Nugroho", "Setiawan", "Handayani", "Anggraini", "Safitri",
    "Maulana", "Permana", "Fitriani", "Yusuf", "Hamzah", "Effendi", "Arifin", "Sulaiman",
)
#: Bangka has a large Hakka community; a share of owners carry Chinese-Bangka names.
HAKKA_NAMES = (
    "Lim Sui Lan", "Bong Kiun Fa", "Chin Miau Fong", "Tjhin Ket Siong", "Liu A Fung",
    "Tan Bun Kiong", "Ng Siaw Moi", "Jap Kim Hiong", "Phang Khiun Lie", "Lie Fuk Sin",
    "Bong Sui Kim", "Chai Fung Nyen",
)
HAKKA_FEMALE = frozenset({"Lim Sui Lan", "Chin Miau Fong", "Liu A Fung", "Ng Siaw Moi",
                          "Bong Sui Kim"})
#: Words for business names ("UD Sumber Rezeki", "Getas Cap Dua Ikan").
NAME_WORDS = (
    "Berkah", "Sumber Rezeki", "Maju Bersama", "Karya Mandiri", "Harapan Jaya", "Putri Bangka",
    "Bintang Laut", "Serumpun", "Sepintu Sedulang", "Barokah", "Mekar Sari", "Sinar Pagi",
    "Cahaya Timur", "Rezeki Laut", "Anugerah", "Tunas Muda", "Kembang Desa", "Sejahtera",
)
BRAND_MARKS = ("Dua Ikan", "Kapal Layar", "Bunga Pelawan", "Daun Sirih", "Mentari", "Tiga Saudara",
               "Pulau Bangka", "Cempedak")
STREETS = ("Jl. Raya Koba", "Jl. Pantai", "Jl. Masjid", "Jl. Merdeka", "Gg. Melati", "Jl. Sekolah",
           "Jl. Lintas Timur", "Jl. Pelabuhan", "Jl. Kebun", "Gg. Mawar", "Jl. Desa")
# fmt: on

#: The demo's programme: Bangka Tengah's own desa-OVOP scheme (no official list of its
#: villages was found; these are the villages the news sources above name, plus six).
PROGRAMME_NAME = "OVOP Bangka Tengah"
PROGRAMME_START = 2019
PROGRAMME_DESCRIPTION = (
    "Program desa OVOP Dinas Perindustrian dan Perdagangan Kabupaten Bangka Tengah "
    "(data contoh untuk demo)."
)
PROGRAMME_VILLAGES: dict[str, int] = {  # village code → year it joined
    "19.04.01.2005": 2019,  # Kurau (Timur)
    "19.04.01.2010": 2019,  # Kurau Barat
    "19.04.02.2018": 2019,  # Batu Belubang
    "19.04.05.2001": 2019,  # Namang
    "19.04.03.2004": 2020,  # Lampur
    "19.04.04.2010": 2020,  # Pinang Sebatang
    "19.04.01.2007": 2021,  # Penyak
    "19.04.06.2002": 2021,  # Batu Beriga
    "19.04.06.2004": 2021,  # Kulur
    "19.04.02.2014": 2022,  # Beluluk
    "19.04.02.2004": 2022,  # Air Mesu
    "19.04.05.2004": 2022,  # Jelutung
}
#: (village code, year): the village's signature product is designated that year.
DESIGNATIONS = (
    ("19.04.05.2001", 2023), ("19.04.05.2001", 2024),  # Namang → madu pelawan
    ("19.04.01.2005", 2023), ("19.04.01.2005", 2024),  # Kurau (Timur) → getas
    ("19.04.02.2018", 2023), ("19.04.02.2018", 2024),  # Batu Belubang → rusip
    ("19.04.03.2004", 2024),  # Lampur → kopiah resam
    ("19.04.04.2010", 2024),  # Pinang Sebatang → ikan salai
)  # fmt: skip


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    last_name: str
    staff: bool = False
    kecamatan: str = ""  # facilitator: serves every village of this kecamatan
    owns: str = ""  # owner: owns the signature enterprise of this village (names from it)


DEMO_USERS = (
    DemoUser("admin", "admin", "Rahmat", "Hidayat", staff=True),
    DemoUser("officer", "officer", "Sri", "Wahyuni"),
    DemoUser("assessor", "assessor", "Bambang", "Saputra"),
    DemoUser("assessor2", "assessor", "Wulan", "Sari"),
    DemoUser("facilitator", "facilitator", "Nurul", "Aini", kecamatan="19.04.05"),
    DemoUser("owner", "owner", "", "", owns="19.04.05.2001"),  # Namang, madu pelawan
    DemoUser("owner2", "owner", "", "", owns="19.04.02.2018"),  # Batu Belubang, rusip
    DemoUser("viewer", "viewer", "Dedi", "Kurniawan"),
)
