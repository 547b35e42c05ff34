"""The XLSForm of a survey round, converted by pyxform as ODK Central and KoboToolbox do."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext
from pyxform.xls2xform import convert  # type: ignore[import-untyped]

from ovop.enterprises.models import Enterprise
from ovop.monitoring.choices import MAX_ROUND_INDICATORS
from ovop.monitoring.models import Indicator, Respondent, Round, RoundIndicator
from ovop.monitoring.xlsform import (
    MAX_INLINE_RESPONDENTS,
    FormSpec,
    IndicatorSpec,
    RosterRow,
    asked_breakdowns,
    respondents_csv,
    roster_csv,
    round_form_spec,
    round_xlsform,
    xlsform_workbook,
)
from ovop.programme.models import Programme

NS = {
    "x": "http://www.w3.org/2002/xforms",
    "h": "http://www.w3.org/1999/xhtml",
    "jr": "http://openrosa.org/javarosa",
}
JR = "{http://openrosa.org/javarosa}"
ID, EN = "Indonesian (id)", "English (en)"

INDICATORS = (
    IndicatorSpec(
        "pelanggan", "Pelanggan per bulan", "Customers per month", "integer", "count",
        "jumlah", "count", Decimal(0), Decimal(100_000),
        "Jumlah pembeli berbeda.", "Number of different buyers.",
    ),
    IndicatorSpec(
        "batas", "Batas sembilan digit", "Nine digits", "integer", "count", "jumlah", "count",
        Decimal(-999_999_999), Decimal(999_999_999),
    ),
    IndicatorSpec(
        "biji", "Biji", "Seeds", "integer", "count", "jumlah", "count",
        Decimal(0), Decimal(10_000_000_000),
    ),
    IndicatorSpec(
        "omzet", "Omzet per bulan", "Monthly revenue", "integer", "idr_month",
        "rupiah per bulan", "rupiah per month", Decimal(0), Decimal(5_000_000_000),
    ),
    IndicatorSpec(
        "harga", "Harga", "Price", "integer", "idr", "rupiah", "rupiah", Decimal(0),
        Decimal(50_000_000),
    ),
    IndicatorSpec(
        "produksi", "Produksi per bulan", "Monthly production", "decimal", "kg_month",
        "kg per bulan", "kg per month", Decimal(0), Decimal("1000000.5"),
    ),
    IndicatorSpec(
        "bahan_lokal", "Bahan baku lokal", "Local raw material", "percent", "percent",
        "persen", "percent",
    ),
    IndicatorSpec(
        "jual_daring", "Menjual secara daring", "Sells online", "boolean", "yes_no",
        definition_id="Lewat marketplace.", definition_en="Through a marketplace.",
    ),
    IndicatorSpec(
        "pasar", "Jangkauan pasar", "Market reached", "choice", "count",
        options=(("desa", "Desa sendiri", "Own village"), ("ekspor", "Ekspor", "")),
    ),
    IndicatorSpec(
        "tenaga_kerja", "Tenaga kerja", "Workers", "integer", "persons", "orang", "persons",
        Decimal(0), Decimal(500), by_gender=True, by_youth=True,
    ),
)  # fmt: skip
ROSTER = (
    RosterRow("r1", "Kerupuk Ani — Ani — Desa Alfa", "99.01.01.2001", "participant"),
    RosterRow("r2", "Madu Budi — Budi — Desa Beta", "99.01.02.2001", "comparison"),
)


def spec(*, inline: bool = False, indicators: tuple[IndicatorSpec, ...] = INDICATORS) -> FormSpec:
    return FormSpec("ovop_round_7", "20240003", "Baseline 2024", indicators, ROSTER, inline)


def xform(form: FormSpec) -> ET.Element:
    warnings: list[str] = []
    result = convert(xlsform=xlsform_workbook(form), file_type=".xlsx", warnings=warnings)
    assert warnings == []
    return ET.fromstring(result.xform)


def binds(root: ET.Element) -> dict[str, dict[str, str]]:
    return {b.attrib["nodeset"]: b.attrib for b in root.iterfind(".//x:model/x:bind", NS)}


def itext(root: ET.Element, lang: str) -> dict[str, str]:
    translation_ = root.find(f".//x:itext/x:translation[@lang='{lang}']", NS)
    assert translation_ is not None
    return {
        text.attrib["id"]: "".join(text.find("x:value", NS).itertext())  # type: ignore[union-attr]
        for text in translation_.iterfind("x:text", NS)
    }


def indonesian(message: str, **params: str) -> str:
    """What the Indonesian column says, whatever the translators put in the .po file."""
    with translation.override("id"):
        return gettext(message) % params


def test_binds_give_types_constraints_and_required() -> None:
    found = binds(xform(spec()))
    expected = {
        "/data/respondent": ("string", None),
        "/data/ind/pelanggan": ("int", ". >= 0 and . <= 100000"),
        "/data/ind/batas": ("int", ". >= -999999999 and . <= 999999999"),
        "/data/ind/biji": ("decimal", ". >= 0 and . <= 10000000000 and . = int(.)"),
        "/data/ind/omzet": ("decimal", ". >= 0 and . <= 5000000000 and . = int(.)"),
        "/data/ind/harga": ("decimal", ". >= 0 and . <= 50000000 and . = int(.)"),
        "/data/ind/produksi": ("decimal", ". >= 0 and . <= 1000000.5"),
        "/data/ind/bahan_lokal": ("decimal", ". >= 0 and . <= 100"),
        "/data/ind/jual_daring": ("string", None),
        "/data/ind/pasar": ("string", None),
        "/data/ind/tenaga_kerja__female": ("int", ". >= 0 and . <= 500"),
        "/data/ind/tenaga_kerja__male": ("int", ". >= 0 and . <= 500"),
        "/data/ind/tenaga_kerja__youth": (
            "int",
            ". >= 0 and . <= 500 and . <=  /data/ind/tenaga_kerja ",
        ),
    }
    for nodeset, (kind, constraint) in expected.items():
        assert found[nodeset]["type"] == kind, nodeset
        assert found[nodeset].get("constraint") == constraint, nodeset
        assert found[nodeset]["required"] == "true()", nodeset
    total = found["/data/ind/tenaga_kerja"]
    assert total["calculate"] == " /data/ind/tenaga_kerja__female  +  /data/ind/tenaga_kerja__male "
    assert "required" not in total
    assert found["/data/meta/instanceID"][f"{JR}preload"] == "uid"
    assert found["/data/meta/instanceName"]["calculate"] == (
        "concat( /data/respondent , '-ovop_round_7')"
    )


def test_primary_instance_carries_form_id_version_and_group() -> None:
    root = xform(spec())
    data = root.find(".//x:model/x:instance/x:data", NS)
    assert data is not None
    assert data.attrib == {"id": "ovop_round_7", "version": "20240003"}
    assert [child.tag.split("}")[1] for child in data] == ["respondent", "ind", "meta"]
    group = data.find("x:ind", NS)
    assert [child.tag.split("}")[1] for child in group] == [  # type: ignore[union-attr]
        *("pelanggan", "batas", "biji", "omzet", "harga", "produksi", "bahan_lokal"),
        *("jual_daring", "pasar", "tenaga_kerja__female", "tenaga_kerja__male"),
        *("tenaga_kerja", "tenaga_kerja__youth"),
    ]
    meta = data.find("x:meta", NS)
    assert [child.tag.split("}")[1] for child in meta] == ["instanceID", "instanceName"]  # type: ignore[union-attr]
    title = root.find("h:head/h:title", NS)
    assert title is not None and title.text == "Baseline 2024"


def test_respondents_come_from_the_csv_attachment() -> None:
    root = xform(spec())
    external = root.find(".//x:model/x:instance[@id='respondents']", NS)
    assert external is not None
    assert external.attrib == {"id": "respondents", "src": "jr://file-csv/respondents.csv"}
    select = root.find("h:body/x:select1[@ref='/data/respondent']", NS)
    assert select is not None and select.attrib["appearance"] == "autocomplete"
    itemset = select.find("x:itemset", NS)
    assert itemset is not None
    assert itemset.attrib["nodeset"] == "instance('respondents')/root/item"
    assert itemset.find("x:value", NS).attrib == {"ref": "name"}  # type: ignore[union-attr]
    assert itemset.find("x:label", NS).attrib == {"ref": "label"}  # type: ignore[union-attr]


def test_both_languages_are_filled_with_indonesian_the_default() -> None:
    root = xform(spec())
    translations = root.findall(".//x:itext/x:translation", NS)
    assert [(t.attrib["lang"], t.attrib.get("default")) for t in translations] == [
        (ID, "true()"),
        (EN, None),
    ]
    id_, en = itext(root, ID), itext(root, EN)
    assert set(id_) == set(en)
    omzet = "/data/ind/omzet"
    assert id_[f"{omzet}:label"] == "Omzet per bulan"
    assert en[f"{omzet}:label"] == "Monthly revenue"
    assert en[f"{omzet}:jr:constraintMsg"] == (
        "A whole number from 0 to 5,000,000,000 (rupiah per month)."
    )
    assert id_[f"{omzet}:jr:constraintMsg"] == indonesian(
        "A whole number from %(low)s to %(high)s (%(unit)s).",
        low="0",
        high="5.000.000.000",
        unit="rupiah per bulan",
    )
    assert en["/data/ind/produksi:jr:constraintMsg"] == (
        "A number from 0 to 1,000,000.5 (kg per month)."
    )
    assert "1.000.000,5" in id_["/data/ind/produksi:jr:constraintMsg"]
    assert en["/data/ind/pelanggan:hint"] == "Number of different buyers. Unit: count."
    assert id_["/data/ind/pelanggan:hint"] == "Jumlah pembeli berbeda. " + indonesian(
        "Unit: %(unit)s.", unit="jumlah"
    )
    assert en["/data/ind/jual_daring:hint"] == "Through a marketplace."
    assert en["/data/ind/tenaga_kerja__female:label"] == "Workers — women"
    assert en["/data/ind/tenaga_kerja__male:label"] == "Workers — men"
    assert en["/data/ind/tenaga_kerja__youth:label"] == "Workers — youth (under 30)"
    assert en["/data/ind/tenaga_kerja__youth:jr:constraintMsg"] == (
        "A whole number from 0 to 500 (persons). The youth part cannot exceed the total."
    )
    assert id_["/data/ind/tenaga_kerja__female:label"] == indonesian(
        "%(name)s — women", name="Tenaga kerja"
    )
    assert en["/data/respondent:jr:requiredMsg"] == "Please answer this question."
    assert (en["yes_no-0"], en["yes_no-1"]) == ("Yes", "No")
    assert (id_["yes_no-0"], id_["yes_no-1"]) == (indonesian("Yes"), indonesian("No"))
    assert (en["ind_pasar-0"], en["ind_pasar-1"]) == ("Own village", "Ekspor")
    assert (id_["ind_pasar-0"], id_["ind_pasar-1"]) == ("Desa sendiri", "Ekspor")


def test_choice_lists_use_the_codes_as_names() -> None:
    root = xform(spec())

    def names(list_name: str) -> list[str]:
        path = f".//x:model/x:instance[@id='{list_name}']/x:root/x:item/x:name"
        return [e.text or "" for e in root.iterfind(path, NS)]

    assert names("yes_no") == ["ya", "tidak"]
    assert names("ind_pasar") == ["desa", "ekspor"]


def test_inline_respondents_need_no_attachment() -> None:
    root = xform(spec(inline=True))
    assert root.find(".//x:model/x:instance[@src]", NS) is None
    path = ".//x:model/x:instance[@id='respondents']/x:root/x:item/x:name"
    assert [e.text for e in root.iterfind(path, NS)] == ["r1", "r2"]
    assert itext(root, ID)["respondents-1"] == "Madu Budi — Budi — Desa Beta"
    assert itext(root, EN)["respondents-1"] == "Madu Budi — Budi — Desa Beta"
    assert binds(root)["/data/respondent"]["required"] == "true()"


def test_workbook_reopens_with_the_specified_sheets_and_headers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_workbook(spec())))
    assert book.sheetnames == ["survey", "choices", "settings"]
    rows = [list(r) for r in book["survey"].iter_rows(values_only=True)]
    assert rows[0] == [
        "type",
        "name",
        "label::Indonesian (id)",
        "label::English (en)",
        "hint::Indonesian (id)",
        "hint::English (en)",
        "required",
        "required_message::Indonesian (id)",
        "required_message::English (en)",
        "constraint",
        "constraint_message::Indonesian (id)",
        "constraint_message::English (en)",
        "calculation",
        "appearance",
    ]
    assert rows[1][:2] == ["select_one_from_file respondents.csv", "respondent"]
    assert rows[2][:2] == ["begin_group", "ind"]
    assert rows[-1][0] == "end_group"
    assert [list(r) for r in book["settings"].iter_rows(values_only=True)] == [
        ["form_title", "form_id", "version", "default_language", "instance_name"],
        ["Baseline 2024", "ovop_round_7", "20240003", ID, "concat(${respondent}, '-ovop_round_7')"],
    ]
    choices = [list(r) for r in book["choices"].iter_rows(values_only=True)]
    assert choices[:3] == [
        ["list_name", "name", "label::Indonesian (id)", "label::English (en)"],
        ["yes_no", "ya", indonesian("Yes"), "Yes"],
        ["yes_no", "tidak", indonesian("No"), "No"],
    ]


def test_a_label_starting_like_a_formula_stays_text() -> None:
    odd = IndicatorSpec("catatan", "=1+1", "=1+1", "decimal", "count", "jumlah", "count")
    book = openpyxl.load_workbook(io.BytesIO(xlsform_workbook(spec(indicators=(odd,)))))
    assert book["survey"]["C4"].value == "=1+1"
    assert book["survey"]["C4"].data_type == "s"


def test_refuses_too_many_indicators_respondents_or_a_name_twice(english: None) -> None:
    many = tuple(
        IndicatorSpec(f"i{n}", "x", "x", "decimal") for n in range(MAX_ROUND_INDICATORS + 1)
    )
    with pytest.raises(ValueError, match="at most 60 indicators"):
        xlsform_workbook(spec(indicators=many))
    crowd = FormSpec("f", "1", "t", INDICATORS, (ROSTER[0],) * (MAX_INLINE_RESPONDENTS + 1), True)
    with pytest.raises(ValueError, match="CSV file"):
        xlsform_workbook(crowd)
    clash = (
        IndicatorSpec("respondent", "x", "x", "decimal"),
        IndicatorSpec("a__male", "x", "x", "decimal"),
        IndicatorSpec("a", "x", "x", "integer", by_gender=True),
    )
    with pytest.raises(ValueError, match="a__male, respondent"):
        xlsform_workbook(spec(indicators=clash))


def test_asked_breakdowns() -> None:
    assert asked_breakdowns(by_gender=False, by_youth=False) == ("",)
    assert asked_breakdowns(by_gender=False, by_youth=True) == ("", "youth")
    assert asked_breakdowns(by_gender=True, by_youth=True) == ("female", "male", "youth")


def test_roster_csv_escapes_and_neutralises() -> None:
    rows = [
        RosterRow("r1", 'Kopi "Enak", Tbk — Ani — Desa Alfa', "99.01.01.2001", "participant"),
        RosterRow("r2", "=HYPERLINK(1) — Budi — Desa Beta", "99.01.02.2001", "comparison"),
    ]
    assert (
        roster_csv(rows)
        == (
            "name,label,village,arm\n"
            'r1,"Kopi ""Enak"", Tbk — Ani — Desa Alfa",99.01.01.2001,participant\n'
            "r2,'=HYPERLINK(1) — Budi — Desa Beta,99.01.02.2001,comparison\n"
        ).encode()
    )


def test_round_form_spec_reads_the_round(
    programme: Programme, enterprise_x: Enterprise, django_assert_num_queries: Any
) -> None:
    round_ = Round.objects.create(
        programme=programme,
        name="Baseline 2024",
        kind="baseline",
        year=2024,
        period_start=dt.date(2024, 3, 1),
        period_end=dt.date(2024, 4, 30),
        form_version=3,
    )
    RoundIndicator.objects.create(
        round=round_, indicator=Indicator.objects.get(code="omzet"), order=2
    )
    workers = Indicator.objects.get(code="tenaga_kerja")
    RoundIndicator.objects.create(round=round_, indicator=workers, order=1)
    respondent = Respondent.objects.create(round=round_, enterprise=enterprise_x, arm="participant")
    label = f"Getas Alfa — {enterprise_x.owner_name} — Desa Alfa"

    with django_assert_num_queries(2):
        form = round_form_spec(round_, respondents_inline=True)

    assert (form.form_id, form.version, form.title) == (
        f"ovop_round_{round_.pk}",
        "20240003",
        "Baseline 2024",
    )
    assert [i.code for i in form.indicators] == ["tenaga_kerja", "omzet"]
    omzet = form.indicators[1]
    assert (omzet.value_type, omzet.unit, omzet.unit_en) == (
        "integer",
        "idr_month",
        "rupiah per month",
    )
    assert (omzet.min_value, omzet.max_value) == (Decimal(0), Decimal(5_000_000_000))
    assert (form.indicators[0].by_gender, form.indicators[0].by_youth) == (True, True)
    key = f"r{respondent.pk}"
    assert form.respondents == (RosterRow(key, label, "99.01.01.2001", "participant"),)
    assert (
        respondents_csv(round_)
        == (f"name,label,village,arm\n{key},{label},99.01.01.2001,participant\n").encode()
    )
    warnings: list[str] = []
    convert(xlsform=round_xlsform(round_), file_type=".xlsx", warnings=warnings)
    assert warnings == []
