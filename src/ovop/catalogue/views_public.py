"""The public catalogue's pages: no login, the language taken from the address, cached.

An unpublished, archived or unknown product or village is a 404 page, never a 500; an old
address name of a product redirects (301) to its present one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from ovop.catalogue import presenting, selectors, selectors_moderation, selectors_places
from ovop.catalogue.addresses import LANGUAGES, NATIVE_NAMES, public_reverse
from ovop.catalogue.forms_public import SearchForm
from ovop.catalogue.paging import capped_page
from ovop.catalogue.public_cache import cached_page
from ovop.catalogue.search import serial_reads
from ovop.catalogue.selectors import CatalogueFilters
from ovop.core.documents import public_url

TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
View = Callable[..., HttpResponse]


def public_page(view: View) -> View:
    """A public page in the language of its address (``language`` of the URL pattern): no
    login, GET only, served from the cache."""
    cached = cached_page(view)

    @login_not_required
    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, language: str, **kwargs: Any) -> HttpResponse:
        with translation.override(language):
            request.LANGUAGE_CODE = language
            try:
                response = cached(request, *args, **kwargs)
            except Http404:
                response = not_found_page(request, language)
        response["Content-Language"] = language
        patch_vary_headers(response, ("Cookie",))
        patch_cache_control(response, public=True, max_age=300)
        return response

    return wrapper


def not_found_page(request: HttpRequest, language: str) -> HttpResponse:
    """The catalogue's own 404 page, in the address's language, with a way back."""
    context = {
        "language": language,
        "alternates": [],
        "canonical": public_url(request, public_reverse("home", language)),
        "other_languages": [],
        "home_url": public_reverse("home", language),
        "search_url": public_reverse("search", language),
    }
    return render(request, "catalogue/public_404.html", context, status=404)


def _alternates(request: HttpRequest, name: str, *args: object) -> list[dict[str, str]]:
    """The same page in each language: code, native name, absolute address."""
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query and name == "search" else ""
    return [
        {
            "code": lang,
            "name": NATIVE_NAMES[lang],
            "url": public_url(request, public_reverse(name, lang, *args) + suffix),
        }
        for lang in LANGUAGES
    ]


def render_public(
    request: HttpRequest, template: str, context: dict[str, Any], name: str, *args: object
) -> HttpResponse:
    language = translation.get_language() or "id"
    alternates = _alternates(request, name, *args)
    page = {
        "language": language,
        "alternates": alternates,
        "canonical": next(a["url"] for a in alternates if a["code"] == language),
        "other_languages": [a for a in alternates if a["code"] != language],
        "home_url": public_reverse("home", language),
        "search_url": public_reverse("search", language),
    }
    return render(request, template, {**context, **page})


def _village_url(language: str) -> Callable[[Any], str]:
    return lambda village: public_reverse("village", language, village.code)


@public_page
def home(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "id"
    villages = selectors_places.villages_with_listings()
    context = {
        "featured": selectors_places.featured_listings(),
        "latest": selectors.with_photos(
            selectors.public_cards().order_by("-published_at", "-pk")[:8]
        ),
        "categories": selectors.categories_in_use(),
        "villages": villages,
        "markers": selectors_places.map_markers(villages, _village_url(language)),
        "tile_url": TILE_URL,
        "form": SearchForm(places=selectors_places.places_of(villages)),
    }
    return render_public(request, "catalogue/public_home.html", context, "home")


@public_page
def search(request: HttpRequest) -> HttpResponse:
    places = selectors_places.place_choices(str(request.GET.get("regency", ""))[:20])
    form = SearchForm(request.GET or None, places=places)
    if not form.is_bound:  # no words and no filter yet: every public product
        filters: CatalogueFilters | None = CatalogueFilters()
    else:
        filters = form.filters() if form.is_valid() else None
    with serial_reads():
        results = selectors.listing_search(filters.q, filters) if filters else None
        page_obj = (
            capped_page(request, results, selectors.PAGE_SIZE) if results is not None else None
        )
        if page_obj is not None:
            page_obj.paginator.count  # noqa: B018 -- counted here, inside serial_reads
        context = {"form": form, "page_obj": page_obj}
        return render_public(request, "catalogue/public_search.html", context, "search")


@public_page
def product(request: HttpRequest, slug: str) -> HttpResponse:
    language = translation.get_language() or "id"
    listing = selectors.public_listing(slug)
    if listing is None:
        renamed = selectors.renamed_listing(slug)
        if renamed is None:
            raise Http404
        return HttpResponsePermanentRedirect(public_reverse("product", language, renamed.slug))
    photos = [presenting.photo_view(p) for p in listing.photos.all()]
    rating = selectors.latest_rating(listing)
    url = public_url(request, public_reverse("product", language, listing.slug))
    image = public_url(request, photos[0].src) if photos else ""
    json_ld = presenting.product_json_ld(
        listing, url=url, image=image, stars=rating.stars if rating else None, language=language
    )
    context = {
        "listing": listing,
        "village": listing.product.enterprise.village,
        "village_url": public_reverse("village", language, listing.product.enterprise.village.code),
        "photos": photos,
        "rating": rating,
        "certifications": selectors.shown_certifications(listing),
        "whatsapp_url": presenting.whatsapp_url(listing),
        "marketplaces": presenting.marketplaces(listing),
        "json_ld": presenting.script_json(json_ld),
        "og_image": image,
        "description": presenting.summary(listing),
        "reviews": selectors_moderation.public_reviews(listing),
        "review_summary": selectors_moderation.review_summary(listing),
        "review_url": public_reverse("review", language, listing.slug),
    }
    return render_public(request, "catalogue/public_product.html", context, "product", listing.slug)


@public_page
def village(request: HttpRequest, code: str) -> HttpResponse:
    language = translation.get_language() or "id"
    page = selectors_places.village_page(code)
    if page is None:
        raise Http404
    count = 1 + len(page.others) if page.designated else len(page.others)
    markers = selectors_places.map_markers(
        [selectors_places.PublicVillage(page.village, count)], _village_url(language)
    )
    kind = str(page.village.get_kind_display())
    name = page.village.name
    title = name if name.lower().startswith(kind.lower() + " ") else f"{kind} {name}"
    context = {"page": page, "markers": markers, "tile_url": TILE_URL, "village_title": title}
    return render_public(request, "catalogue/public_village.html", context, "village", code)


@login_not_required
@require_safe
def catalogue_root(request: HttpRequest) -> HttpResponse:
    """/katalog/ → the Indonesian catalogue."""
    return redirect(public_reverse("home", "id"), permanent=True)


@login_not_required
@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public catalogue (and its sitemap), nothing else."""
    lines = ["User-agent: *"]
    lines += [f"Allow: {public_reverse('home', lang)}" for lang in LANGUAGES]
    lines += ["Disallow: /", "", f"Sitemap: {public_url(request, reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
