"""Uploaded images are what they claim: JPEG, PNG or WebP only, re-encoded without metadata or
trailing data, upright, and never larger than 40 megapixels; documents must be PDFs."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from ovop.core.images import pdf_check, photo_check, photo_clean

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def upload(data: bytes, name: str = "x.png", content_type: str = "image/png") -> UploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def encoded(picture: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    picture.save(out, fmt, **options)
    return out.getvalue()


def png(size: tuple[int, int] = (16, 8), mode: str = "RGB") -> bytes:
    return encoded(Image.new(mode, size, "green" if mode != "1" else 0), "PNG")


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return list(exc.value.messages)


def test_a_png_with_appended_data_comes_out_re_encoded_without_the_tail() -> None:
    tail = b"PK\x03\x04<html><script>alert(document.cookie)</script></html>"
    polyglot = png() + tail
    assert polyglot.endswith(tail)
    clean = photo_clean(upload(polyglot, "jar.png"))
    data = clean.read()
    assert b"script" not in data and b"PK\x03\x04" not in data
    assert data.endswith(b"IEND\xaeB`\x82")  # the PNG's last chunk is the file's end
    assert clean.name is not None
    assert clean.name.endswith(".png") and len(clean.name) == 36
    with Image.open(io.BytesIO(data)) as picture:
        assert (picture.format, picture.size, picture.getpixel((3, 3))) == (
            "PNG",
            (16, 8),
            (0, 128, 0),
        )


def _jpeg_with_gps_and_orientation() -> bytes:
    picture = Image.new("RGB", (40, 20), "white")
    picture.paste((255, 0, 0), (0, 0, 20, 20))  # left half red, right half white
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned 90° clockwise
    exif[ExifTags.Base.Make] = "SecretCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (2.0, 10.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 5.0, 0.0)
    return encoded(picture, "JPEG", exif=exif, quality=95)


def test_exif_gps_is_removed_and_the_orientation_applied_to_the_pixels() -> None:
    original = _jpeg_with_gps_and_orientation()
    with Image.open(io.BytesIO(original)) as before:
        gps = before.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert gps[ExifTags.GPS.GPSLatitudeRef] == "S"  # the fixture does carry a position
    clean = photo_clean(upload(original, "IMG_0001.JPG", "image/jpeg"))
    data = clean.read()
    assert b"Exif" not in data and b"SecretCam" not in data
    assert clean.name is not None and clean.name.endswith(".jpg")
    with Image.open(io.BytesIO(data)) as after:
        assert after.format == "JPEG"
        assert dict(after.getexif()) == {}
        assert after.size == (20, 40)  # upright: turned as the camera said
        red, green, blue = after.getpixel((10, 5))  # type: ignore[misc]
        assert red > 200 and green < 60 and blue < 60  # the red half is now on top
        assert after.getpixel((10, 35)) == pytest.approx((255, 255, 255), abs=8)


def test_webp_stays_webp_and_png_keeps_its_transparency() -> None:
    webp = photo_clean(upload(encoded(Image.new("RGB", (9, 9), "blue"), "WEBP"), "a.webp"))
    assert webp.name is not None and webp.name.endswith(".webp")
    with Image.open(webp) as picture:
        assert picture.format == "WEBP"
    clear = photo_clean(upload(png((4, 4), "RGBA")))
    with Image.open(clear) as picture:
        assert (picture.mode, picture.getpixel((0, 0))) == ("RGBA", (0, 128, 0, 255))


def test_a_12_kb_100_megapixel_png_is_refused_with_a_clear_message() -> None:
    bomb = png((10_000, 10_000), "1")
    assert len(bomb) < 20_000
    for check in (photo_check, photo_clean):
        with pytest.raises(ValidationError) as exc:
            check(upload(bomb))
        assert messages(exc) == [
            "Photo: the picture is larger than 40 megapixels; send a smaller one."
        ]


def test_forty_megapixels_pass_and_one_row_more_is_refused() -> None:
    photo_check(upload(png((8_000, 5_000), "1")))
    with pytest.raises(ValidationError) as exc:
        photo_check(upload(png((8_000, 5_001), "1")))
    assert exc.value.code == "photo_pixels"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.tiff", encoded(Image.new("RGB", (8, 8), "red"), "TIFF")),
        ("anim.gif", encoded(Image.new("RGB", (8, 8), "red"), "GIF")),
        ("logo.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\nshowpage\n"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
        ("photo.bmp", encoded(Image.new("RGB", (8, 8), "red"), "BMP")),
        ("empty.png", b""),
    ],
)
def test_other_formats_are_refused_naming_the_field(name: str, data: bytes) -> None:
    for check in (photo_check, photo_clean):
        with pytest.raises(ValidationError) as exc:
            check(upload(data, name), label="Label photo")
        assert messages(exc) == ["Label photo: the file is not an image (JPEG, PNG or WebP)."]


def test_a_file_over_5_mb_is_refused_before_it_is_opened() -> None:
    big = upload(png() + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(ValidationError) as exc:
        photo_clean(big)
    assert messages(exc) == ["Photo: the file is 5.0 MB; the limit is 5 MB."]


def test_a_truncated_png_is_not_an_image(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pillow's default; importing WeasyPrint (certificates) turns it on for the whole process,
    # and a truncated picture is then stored with its missing part in grey.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    data = encoded(Image.effect_noise((64, 64), 50).convert("RGB"), "PNG")
    with pytest.raises(ValidationError) as exc:
        photo_clean(upload(data[: len(data) // 2]))
    assert messages(exc) == ["Photo: the file is not an image (JPEG, PNG or WebP)."]


def test_messages_are_translated() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as exc:
        photo_check(upload(b"GIF89a"))
    assert messages(exc)[0].startswith("Foto: ")


def test_documents_must_be_pdf() -> None:
    pdf_check(upload(b"%PDF-1.7\n%...", "a.pdf", "application/pdf"), label="Scan")
    with pytest.raises(ValidationError) as exc:
        pdf_check(upload(b"<html>%PDF-1.7", "a.pdf", "application/pdf"), label="Scan")
    assert messages(exc) == ["Scan: the file is not a PDF document."]


def test_comments_text_chunks_xmp_and_colour_profiles_are_dropped() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRET-AUTHOR")
    info.add_itxt("XML:com.adobe.xmp", "SECRET-XMP")
    sources = [
        encoded(Image.new("P", (8, 8), 3), "PNG", pnginfo=info, transparency=3),
        encoded(Image.new("RGB", (8, 8), "red"), "JPEG", comment=b"SECRET-NOTE", icc_profile=SRGB),
        encoded(Image.new("RGB", (8, 8), "red"), "WEBP", xmp=b"SECRET-XMP", icc_profile=SRGB),
    ]
    for source in sources:
        assert b"SECRET-" in source
        data = photo_clean(upload(source)).read()
        assert b"SECRET-" not in data and b"sRGB" not in data
        with Image.open(io.BytesIO(data)) as picture:
            assert "icc_profile" not in picture.info and "comment" not in picture.info
