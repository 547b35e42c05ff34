"""sitemap.xml: every public product and village page, in both languages (hreflang
alternates), for search engines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.utils import translation

from ovop.catalogue import scope
from ovop.catalogue.addresses import LANGUAGES, public_reverse
from ovop.catalogue.models import Listing
from ovop.catalogue.selectors_places import villages_with_listings


class _Bilingual(Sitemap):  # type: ignore[type-arg]
    i18n = True
    languages = list(LANGUAGES)
    alternates = True
    x_default = True
    limit = 5000

    def _language(self) -> str:
        return translation.get_language() or LANGUAGES[0]


class HomeSitemap(_Bilingual):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return public_reverse(item, self._language())


class ListingSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> Any:
        return scope.public_listings().only("slug", "updated_at").order_by("pk")

    def location(self, item: Listing) -> str:
        return public_reverse("product", self._language(), item.slug)

    def lastmod(self, item: Listing) -> dt.datetime:
        return item.updated_at


class VillageSitemap(_Bilingual):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> list[str]:
        return [v.village.code for v in villages_with_listings()]

    def location(self, item: str) -> str:
        return public_reverse("village", self._language(), item)


SITEMAPS = {"home": HomeSitemap, "products": ListingSitemap, "villages": VillageSitemap}
