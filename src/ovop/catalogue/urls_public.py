"""The public catalogue's addresses, one set per language: /id/katalog/… in Bahasa Indonesia
(the default) and /en/catalogue/… in English. The prefix decides the page's language (see
``views_public.public_page``); the rest of ovop keeps its addresses without a prefix.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from ovop.catalogue import views_public, views_reviews
from ovop.catalogue.addresses import LANGUAGES, WORDS, namespace


def _patterns(language: str) -> list[URLPattern]:
    words = WORDS[language]
    kwargs = {"language": language}
    return [
        path("", views_public.home, kwargs, name="home"),
        path(f"{words['search']}/", views_public.search, kwargs, name="search"),
        path(f"{words['product']}/<slug:slug>/", views_public.product, kwargs, name="product"),
        path(f"{words['village']}/<str:code>/", views_public.village, kwargs, name="village"),
        path(
            f"{words['product']}/<slug:slug>/{words['review']}/",
            views_reviews.review,
            kwargs,
            name="review",
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
