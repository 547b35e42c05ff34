"""The facts the empowerment demo is built from: where each programme village stands in Hogan's
cycle, and what its groups say at each stage, by kind of product.

The texts are written for the demo after what the news sources of ``data`` report about the
regency's products (fish caught in the east-wind season, madu pelawan from the Namang forest,
resam that tin mining and oil palm push further away); the people, votes and figures are
generated. ``{produk}``, ``{bahan}``, ``{musim}`` and ``{desa}`` are filled in per village.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

#: The demo's "today": every held meeting is on or before it, later ones are planned; overdue
#: actions are overdue relative to it.
REFERENCE_DATE = date(2026, 11, 16)
REFERENCE_YEAR = REFERENCE_DATE.year
#: Days between monitoring meetings of an action plan.
MONITORING_DAYS = 91


@dataclass(frozen=True)
class Words:
    """How a product line is spoken of: ``family`` picks the texts below."""

    family: str  # "sea", "river", "forest", "craft" or "farm"
    produk: str
    bahan: str
    musim: str


_SEA = "musim angin timur, saat nelayan tidak melaut"
# fmt: off
WORDS: dict[str, Words] = {
    "getas": Words("sea", "getas tenggiri", "ikan tenggiri", _SEA),
    "kemplang": Words("sea", "kemplang", "ikan tenggiri", _SEA),
    "kerupuk_tulang": Words("sea", "kerupuk tulang ikan", "tulang ikan", _SEA),
    "rusip": Words("sea", "rusip", "ikan bilis (teri)", _SEA),
    "kecalok": Words("sea", "kecalok", "udang rebon", _SEA),
    "teritip": Words("sea", "teritip asin", "teritip", _SEA),
    "terasi": Words("sea", "terasi", "udang rebon", _SEA),
    "ikan_asin": Words("sea", "ikan asin", "ikan selar dan teri", _SEA),
    "ikan_salai": Words("river", "ikan salai", "ikan sungai (baung, lais, gabus)",
                        "musim hujan, saat sungai meluap"),
    "madu_pelawan": Words("forest", "madu pelawan", "madu hutan pelawan",
                          "kemarau panjang, saat pohon pelawan tidak berbunga"),
    "jamur_pelawan": Words("forest", "jamur pelawan", "jamur dari akar pelawan",
                           "kemarau panjang, saat jamur pelawan tidak tumbuh"),
    "teh_pelawan": Words("forest", "teh pucuk pelawan", "pucuk daun pelawan",
                         "kemarau panjang, saat pucuk pelawan kering"),
    "kopiah_resam": Words("craft", "kopiah resam", "batang resam",
                          "musim hujan, saat resam tidak bisa dijemur"),
    "anyaman_pandan": Words("craft", "anyaman pandan", "daun pandan hutan",
                            "musim hujan, saat pandan tidak bisa dijemur"),
    "akar_bandar": Words("craft", "kerajinan akar bandar", "akar bandar (kekembat)",
                         "musim hujan, saat akar tidak bisa dikeringkan"),
    "miniatur_kapal": Words("craft", "miniatur kapal", "kayu",
                            "musim hujan, saat kayu lambat kering"),
    "lampu_hias": Words("craft", "lampu hias", "kerang dan kayu",
                        "musim hujan, saat bahan lambat kering"),
    "lada_putih": Words("farm", "lada putih", "lada", "panen raya, saat harga lada jatuh"),
    "keripik": Words("farm", "keripik", "singkong dan pisang",
                     "panen raya, saat harga singkong jatuh"),
    "kue_rintak": Words("farm", "kue rintak", "sagu", "panen raya ubi kayu, saat harga sagu jatuh"),
    "sirup_jeruk": Words("farm", "sirup jeruk kunci", "jeruk kunci",
                         "panen raya, saat harga jeruk kunci jatuh"),
}
# fmt: on


@dataclass(frozen=True)
class CycleDesign:
    year: int
    first_meeting: date  # the stage 1 meeting; stage s follows (s - 1) × step days later
    step: int
    stage: int  # the stage reached
    closed_on: date | None = None  # the review that closed the cycle
    open_past_due: int = 1  # actions due before the reference (or closing) date left open
    dropped: int | None = None  # index of an action the group dropped


@dataclass(frozen=True)
class VillageDesign:
    kinds: tuple[str, ...]  # group kinds; the first holds the village's IKM owners
    cycles: tuple[CycleDesign, ...]
    second_line: str = ""  # a second product line for the second group (Namang: jamur)
    planned_on: date | None = None  # a planned meeting after the reference date


IKM, WOMEN, YOUTH, COOP = "ikm", "women", "youth", "cooperative"
# fmt: off
VILLAGES: dict[str, VillageDesign] = {
    # Namang: first cycle 2024 closed, the second (2026) at stage 3, three actions carried
    "19.04.05.2001": VillageDesign(
        (IKM, WOMEN, YOUTH),
        (CycleDesign(2024, date(2024, 2, 5), 45, 5, closed_on=date(2025, 11, 17),
                     open_past_due=3),
         CycleDesign(2026, date(2026, 1, 12), 80, 3)),
        second_line="jamur_pelawan", planned_on=date(2026, 12, 10)),
    "19.04.01.2005": VillageDesign(  # Kurau (Timur), getas
        (IKM, WOMEN, COOP), (CycleDesign(2025, date(2024, 10, 7), 55, 5, open_past_due=2),),
        planned_on=date(2027, 1, 14)),
    "19.04.01.2010": VillageDesign(  # Kurau Barat, kemplang
        (IKM, WOMEN), (CycleDesign(2025, date(2024, 11, 4), 60, 5, dropped=3),)),
    "19.04.02.2018": VillageDesign(  # Batu Belubang, rusip
        (IKM, WOMEN), (CycleDesign(2026, date(2026, 1, 19), 40, 5),)),
    "19.04.03.2004": VillageDesign(  # Lampur, kopiah resam
        (IKM, YOUTH), (CycleDesign(2026, date(2026, 1, 26), 42, 5),)),
    "19.04.04.2010": VillageDesign(  # Pinang Sebatang, ikan salai
        (IKM, COOP), (CycleDesign(2026, date(2026, 2, 9), 60, 4),)),
    "19.04.01.2007": VillageDesign(  # Penyak
        (IKM,), (CycleDesign(2026, date(2026, 3, 2), 55, 4),)),
    "19.04.06.2002": VillageDesign(  # Batu Beriga
        (IKM, YOUTH), (CycleDesign(2026, date(2026, 4, 13), 60, 3),)),
    "19.04.06.2004": VillageDesign(  # Kulur
        (IKM, WOMEN), (CycleDesign(2026, date(2026, 5, 4), 65, 3),)),
    "19.04.02.2014": VillageDesign(  # Beluluk
        (IKM, WOMEN), (CycleDesign(2026, date(2026, 7, 6), 60, 2),)),
    "19.04.02.2004": VillageDesign(  # Air Mesu
        (COOP, YOUTH), (CycleDesign(2026, date(2026, 8, 3), 56, 2),)),
    "19.04.05.2004": VillageDesign(  # Jelutung
        (IKM,), (CycleDesign(2026, date(2026, 8, 17), 49, 2),)),
}
# fmt: on

#: (size range, share of women, years founded) by kind of group.
GROUP_SHAPES: dict[str, tuple[tuple[int, int], float, tuple[int, int]]] = {
    IKM: ((14, 20), 0.5, (2014, 2021)),
    WOMEN: ((16, 22), 1.0, (2010, 2020)),
    YOUTH: ((10, 14), 0.4, (2018, 2023)),
    COOP: ((18, 26), 0.55, (2016, 2022)),
}
FLOWERS = ("Melati", "Mawar", "Kenanga", "Cempaka", "Seroja", "Anggrek")
YOUTH_WORDS = ("Kreatif", "Mandiri", "Muda Berkarya", "Generasi Emas")


def group_name(kind: str, produk: str, desa: str, pick: int, food: bool = True) -> str:
    """An Indonesian group name after the product: "Kelompok IKM Getas Tenggiri Kurau Timur"."""
    title = produk.title()
    if kind == WOMEN:
        return f"KWT {FLOWERS[pick % len(FLOWERS)]} {'Olahan' if food else 'Perajin'} {title}"
    if kind == YOUTH:
        return f"Pemuda {YOUTH_WORDS[pick % len(YOUTH_WORDS)]} {title} {desa}"
    if kind == COOP:
        return f"Koperasi Produsen {title} {desa}"
    return f"Kelompok IKM {title} {desa}"


@dataclass(frozen=True)
class Said:
    """A text with its kind ("depowering"/"empowering", "problem"/"project", a power base
    kind) and its theme codes."""

    kind: str
    text: str
    themes: tuple[str, ...] = ()


D, E = "depowering", "empowering"
MKT, RAW, CAP, SKL, REG, FAM, WEA = (
    "market", "raw-material", "capital", "skills", "regulation", "family", "weather",
)  # fmt: skip
# fmt: off
_COMMON = (
    Said(D, "Pengepul dari Pangkalpinang menentukan harga {produk} sendiri; kami tidak tahu "
            "harga jualnya di toko oleh-oleh.", (MKT,)),
    Said(E, "Ikut pameran Dekranasda di Koba, {produk} kami habis dalam dua hari dan ada "
            "pesanan dari toko oleh-oleh.", (MKT, SKL)),
    Said(D, "Toko modern dan bandara menolak {produk} kami karena belum ada izin edar dan "
            "label halal.", (REG, MKT)),
    Said(D, "Tidak ada modal untuk membeli bahan saat pesanan besar datang; pesanan dilepas "
            "ke desa lain.", (CAP,)),
    Said(E, "Anak-anak muda membantu memasarkan lewat WhatsApp dan Facebook, pembeli datang "
            "dari Jakarta.", (MKT, FAM)),
    Said(D, "Waktu produksi terbagi dengan mengurus rumah, anak dan kebun; kerja hanya bisa "
            "pagi hari.", (FAM,)),
)
EXPERIENCES: dict[str, tuple[Said, ...]] = {
    "sea": _COMMON + (
        Said(D, "Pada {musim}, {bahan} langka dan harganya naik dua kali lipat; produksi "
                "{produk} berhenti berminggu-minggu.", (RAW, WEA)),
        Said(E, "Ibu-ibu belajar bersama membuat kemasan standing pouch; {produk} tampak "
                "lebih rapi dan bisa dijual lebih mahal.", (SKL, MKT)),
    ),
    "river": _COMMON + (
        Said(D, "Pada {musim}, {bahan} sulit ditangkap dan tungku salai dingin berminggu-minggu.",
             (RAW, WEA)),
        Said(E, "Kayu pelawan untuk pengasapan dibagi bersama, rasa {produk} lebih seragam.",
             (RAW, SKL)),
    ),
    "forest": _COMMON + (
        Said(D, "Pada {musim}, panen {bahan} turun jauh dan pesanan tidak terpenuhi.",
             (RAW, WEA)),
        Said(D, "Sebagian hutan pelawan dibuka untuk sawit dan tambang timah; sarang lebah dan "
                "jamur makin jauh dari kampung.", (RAW,)),
        Said(E, "Rombongan tamu desa wisata datang ke {desa} dan membeli {produk} langsung dari "
                "kelompok.", (MKT,)),
    ),
    "craft": _COMMON + (
        Said(D, "{bahan} makin sulit dicari karena hutan dibuka untuk tambang dan sawit; harus "
                "masuk hutan lebih jauh.", (RAW,)),
        Said(E, "Perajin senior mengajari pemuda membuat motif halus; tiga orang kini bisa "
                "menerima pesanan sendiri.", (SKL, FAM)),
    ),
    "farm": _COMMON + (
        Said(D, "Pada {musim}, hasil kebun menumpuk dan pedagang menekan harga {bahan}.",
             (MKT, WEA)),
        Said(E, "Setelah pelatihan Disperindag, anggota bisa mengolah {bahan} menjadi {produk} "
                "yang tahan lama.", (SKL,)),
    ),
}
REASONS = (
        Said("", "Kami menjual sendiri-sendiri: tidak ada harga bersama dan tidak kenal "
                 "pembeli langsung.", (MKT,)),
        Said("", "Izin edar dan sertifikat halal dianggap mahal dan rumit, dan belum ada yang "
                 "mendampingi pengurusannya.", (REG,)),
        Said("", "Bahan baku tergantung musim dan alam, dan tidak ada stok atau tempat "
                 "penyimpanan bersama.", (RAW, WEA)),
        Said("", "Keterampilan kemasan dan pemasaran daring baru dimiliki sebagian kecil "
                 "anggota, kebanyakan anak muda.", (SKL, FAM)),
        Said("", "Modal kelompok kecil dan belum ada catatan keuangan yang bisa ditunjukkan "
                 "ke bank atau CSR.", (CAP,)),
)
PROBLEMS: dict[str, tuple[Said, ...]] = {
    "sea": (
        Said("problem", "Kemasan dan izin edar (P-IRT, halal) agar {produk} masuk toko "
                        "oleh-oleh dan bandara"),
        Said("project", "Freezer bersama untuk stok {bahan} di {musim}"),
        Said("project", "Harga bersama dan penjualan lewat BUMDes"),
    ),
    "forest": (
        Said("problem", "Keaslian {produk}: merek bersama, label dan uji laboratorium"),
        Said("project", "Rumah pengering untuk hasil hutan pelawan"),
        Said("project", "Menjaga dan menanam kembali hutan pelawan"),
    ),
    "craft": (
        Said("problem", "Regenerasi perajin: kelas {produk} untuk pemuda"),
        Said("project", "Kebun {bahan} bersama di lahan desa"),
        Said("project", "Pemasaran daring dan harga bersama"),
    ),
    "farm": (
        Said("problem", "Izin P-IRT dan kemasan agar {produk} masuk minimarket"),
        Said("project", "Mesin pengolah bersama untuk {bahan}"),
        Said("project", "Kerja sama pembelian dengan BUMDes"),
    ),
}
PROBLEMS["river"] = PROBLEMS["sea"]
@dataclass(frozen=True)
class PowerBaseDesign:
    kind: str
    description: str
    holder: str  # "" means the group's chair, recorded as the member who holds it


POWER_BASES = (
    PowerBaseDesign("raw_material", "{bahan} dari {desa} dan sekitarnya", "Warga desa {desa}"),
    PowerBaseDesign("skills", "Resep dan keterampilan {produk} turun-temurun", ""),
    PowerBaseDesign("institution", "BUMDes {desa}: kios desa dan modal bergulir", "BUMDes {desa}"),
    PowerBaseDesign("funding", "Dana Desa pos pemberdayaan ekonomi", "Pemerintah Desa {desa}"),
    PowerBaseDesign("funding", "Program CSR untuk UMKM binaan", "PT Timah Tbk (CSR)"),
    PowerBaseDesign(
        "government",
        "Program desa OVOP Disperindag dan fasilitasi halal gratis (SEHATI)",
        "Disperindag Kabupaten Bangka Tengah",
    ),
)


@dataclass(frozen=True)
class ActionDesign:
    title: str
    support: str
    cost_idr: int


def _a(title: str, support: str, cost: int) -> ActionDesign:
    return ActionDesign(title, support, cost)


ACTIONS: dict[str, tuple[ActionDesign, ...]] = {
    "sea": (
        _a("Penyuluhan Keamanan Pangan (PKP) sebagai syarat P-IRT {produk}", "cert_pirt",
           4_500_000),
        _a("Klinik desain kemasan dan label {produk}", "packaging", 7_500_000),
        _a("Sertifikat halal self-declare bersama pendamping PPH", "cert_halal", 2_500_000),
        _a("Freezer bersama untuk stok {bahan}", "equipment", 14_000_000),
        _a("Katalog foto produk dan akun marketplace kelompok", "none", 750_000),
        _a("Ikut Babel Expo dan pameran HUT Kabupaten Bangka Tengah", "promotion", 5_000_000),
    ),
    "forest": (
        _a("Pendaftaran merek kolektif {produk} {desa}", "cert_trademark", 3_500_000),
        _a("Pelatihan panen lestari dan penanganan {produk} yang higienis", "training",
           6_000_000),
        _a("Botol, label dan kode panen baru untuk {produk}", "packaging", 8_000_000),
        _a("Menanam 500 bibit pohon pelawan di hutan desa", "none", 2_500_000),
        _a("Rumah pengering tenaga surya untuk jamur pelawan", "equipment", 18_000_000),
        _a("Uji laboratorium dan pendaftaran izin edar BPOM MD {produk}", "cert_bpom",
           9_000_000),
    ),
    "craft": (
        _a("Kelas {produk} motif halus untuk pemuda", "training", 6_500_000),
        _a("Kebun {bahan} seluas satu hektare di lahan desa", "none", 4_000_000),
        _a("Klinik desain motif dan kotak kemasan {produk}", "packaging", 7_000_000),
        _a("Pendaftaran merek kolektif {produk} {desa}", "cert_trademark", 3_500_000),
        _a("Alat pembelah dan penghalus {bahan}", "equipment", 5_500_000),
        _a("Ikut pameran kerajinan bersama Dekranasda", "promotion", 12_000_000),
    ),
    "farm": (
        _a("PKP dan pengurusan P-IRT {produk}", "cert_pirt", 4_500_000),
        _a("Mesin perajang dan pengering untuk {produk}", "equipment", 15_000_000),
        _a("Klinik kemasan dan label {produk}", "packaging", 7_500_000),
        _a("Sertifikat halal self-declare bersama pendamping PPH", "cert_halal", 2_500_000),
        _a("Temu bisnis dengan toko oleh-oleh di Koba dan Pangkalpinang", "market_access",
           3_000_000),
        _a("Pencatatan keuangan kelompok", "mentoring", 1_000_000),
    ),
}
ACTIONS["river"] = ACTIONS["sea"]
#: Support the group asks of Disperindag but not as a budget proposal (the facilitator helps).
NOT_PROPOSED = frozenset({"none", "mentoring"})

#: Namang's second cycle: what the members recall after the first.
SECOND_EXPERIENCES = (
    Said(E, "Merek kolektif dan label baru membuat toko oleh-oleh di Pangkalpinang menerima "
            "{produk} kami.", (MKT, REG)),
    Said(E, "Delapan belas anggota ikut pelatihan panen lestari; koloni lebah kembali ke "
            "sarang yang sama.", (SKL, RAW)),
    Said(D, "Rumah pengering belum ada; jamur pelawan basah busuk pada musim hujan.",
         (RAW, CAP, WEA)),
    Said(D, "Pesanan dari luar daerah naik, tetapi pengiriman madu dalam botol kaca sering "
            "pecah.", (MKT, CAP)),
    Said(E, "Pemuda mengelola pemesanan daring dan pencatatan stok bersama.", (SKL, FAM)),
)
SECOND_PROBLEMS = (
    Said("project", "Rumah pengering dan gudang bersama hasil hutan pelawan"),
    Said("problem", "Kemasan pengiriman yang aman untuk madu"),
    Said("project", "Paket wisata hutan pelawan bersama Pokdarwis"),
)
# fmt: on
#: Due dates of the actions a second cycle carries over from the first.
CARRIED_DUE = (date(2026, 3, 31), date(2026, 6, 30), date(2026, 12, 31))

_OPEN, _CLOSE = "1. Pembukaan dan doa", "Penutup"
AGENDA: dict[str, str] = {
    "1": f"{_OPEN}\n2. Penjelasan siklus pemberdayaan lima tahap oleh pendamping\n"
    "3. Berbagi pengalaman: apa yang melemahkan dan apa yang menguatkan usaha {produk}\n"
    f"4. Mengelompokkan pengalaman menurut tema\n5. {_CLOSE}",
    "2": f"{_OPEN}\n2. Membaca kembali pengalaman pertemuan lalu\n"
    f"3. Diskusi: mengapa hal itu terjadi?\n4. Mengaitkan alasan dengan pengalamannya\n5. {_CLOSE}",
    "3": f"{_OPEN}\n2. Usulan masalah atau proyek dari anggota\n"
    f"3. Pemungutan suara oleh anggota yang hadir\n4. Penetapan satu pilihan\n5. {_CLOSE}",
    "4": f"{_OPEN}\n2. Pemetaan kekuatan: bahan baku, keterampilan, lembaga, dana, program "
    f"pemerintah\n3. Siapa memegang apa dan siapa yang dihubungi\n4. {_CLOSE}",
    "5": f"{_OPEN}\n2. Menyusun rencana aksi: kegiatan, penanggung jawab, tenggat dan biaya\n"
    "3. Dukungan yang diminta dari Disperindag dan usulan untuk anggaran tahun depan\n"
    f"4. {_CLOSE}",
    "monitor": f"{_OPEN}\n2. Laporan kemajuan setiap kegiatan rencana aksi\n"
    f"3. Kendala dan jalan keluarnya\n4. Tindak lanjut sampai pertemuan berikutnya\n5. {_CLOSE}",
    "review": f"{_OPEN}\n2. Tinjauan siklus: apa yang sudah dicapai\n"
    "3. Kegiatan yang belum selesai dibawa ke siklus berikutnya\n"
    f"4. Pembukaan siklus baru\n5. {_CLOSE}",
}
MINUTES_OPENING = (
    "Pertemuan dibuka pukul {jam} oleh {ketua}, ketua kelompok, dan dipandu pendamping "
    "{pendamping}. Hadir {hadir} anggota ({perempuan} perempuan, {laki} laki-laki) dan {tamu} "
    "tamu."
)
MINUTES: dict[str, str] = {
    "1": "Anggota menceritakan {n} pengalaman ({lemah} melemahkan, {kuat} menguatkan), antara "
    "lain: {contoh} Pengalaman dikelompokkan menurut tema: {tema}.",
    "2": "Dibahas {n} alasan mengapa hal itu terjadi, antara lain: {contoh}",
    "3": "Diusulkan {n} masalah atau proyek. Hasil suara: {suara}. Terpilih: {pilihan}.",
    "4": "Dicatat {n} kekuatan yang bisa dipakai: {daftar}.",
    "5": "Disusun {n} kegiatan dengan biaya {biaya}; {usul} kegiatan meminta dukungan "
    "Disperindag dan diusulkan untuk rencana tahun {tahun}.",
    "monitor": "Kemajuan rencana aksi dibahas satu per satu. Perhatian sampai pertemuan "
    "berikutnya: {daftar}.",
    "review": "Siklus ditinjau dan ditutup. Yang dicapai: {capaian} {sisa} kegiatan yang belum "
    "selesai dibawa ke siklus berikutnya.",
}
MINUTES_NEXT = "Disepakati melanjutkan ke tahap {tahap}."
MINUTES_GO_ON = "Pembahasan dilanjutkan pada pertemuan berikutnya."
PLACES = ("Balai Desa {desa}", "Rumah ketua kelompok ({ketua})", "Gedung BUMDes {desa}")
#: Guests by the part they play: (affiliation, female?).
GUESTS = {
    "head": "Kepala Desa {desa}",
    "bumdes": "Direktur BUMDes {desa}",
    "office": "Disperindag Kabupaten Bangka Tengah",
    "pkk": "TP PKK Desa {desa}",
}
