"""The public catalogue's addresses, one set per language: /id/katalog/… in Bahasa Indonesia
(the default) and /en/catalogue/… in English. The prefix decides the page's language (see
``views_public.public_page``); the rest of ovop keeps its addresses without a prefix.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from ovop.catalogue import views_demand_public, views_public, views_reviews
from ovop.catalogue.addresses import LANGUAGES, WORDS, namespace

#: language → the address words of the inquiry form and its thank-you page.
DEMAND_WORDS = {"id": ("tanya", "terima-kasih"), "en": ("inquiry", "thank-you")}


def _patterns(language: str) -> list[URLPattern]:
    words = WORDS[language]
    kwargs = {"language": language}
    return [
        path("", views_public.home, kwargs, name="home"),
        path(f"{words['search']}/", views_public.search, kwargs, name="search"),
        path(
            f"{words['product']}/<slug:slug>/",
            views_demand_public.product_counted,
            kwargs,
            name="product",
        ),
        path(f"{words['village']}/<str:code>/", views_public.village, kwargs, name="village"),
        path(
            f"{words['product']}/<slug:slug>/{words['review']}/",
            views_reviews.review,
            kwargs,
            name="review",
        ),
        *_demand_patterns(language),
    ]


def _demand_patterns(language: str) -> list[URLPattern]:
    """The counting redirects and the inquiry pages (``views_demand_public``)."""
    product = f"{WORDS[language]['product']}/<slug:slug>"
    inquiry = DEMAND_WORDS[language]
    kwargs = {"language": language}
    views = views_demand_public
    return [
        path(f"{product}/go/whatsapp/", views.go_whatsapp, kwargs, name="go_whatsapp"),
        path(
            f"{product}/go/marketplace/<int:index>/",
            views.go_marketplace,
            kwargs,
            name="go_marketplace",
        ),
        path(f"{product}/{inquiry[0]}/", views.inquiry, kwargs, name="inquiry"),
        path(
            f"{product}/{inquiry[0]}/{inquiry[1]}/",
            views.inquiry_thanks,
            kwargs,
            name="inquiry_thanks",
        ),
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    path(f"{WORDS[lang]['root']}/", include((_patterns(lang), namespace(lang))))
    for lang in LANGUAGES
]
urlpatterns += [
    path("katalog/", views_public.catalogue_root, name="catalogue_root"),
    path("robots.txt", views_public.robots_txt, name="robots_txt"),
]
