"""The e-mail that tells the owner and the officers a buyer has asked about a product.

Sent after the inquiry is stored (on commit, by the background worker: a slow or failing mail
server never holds up the buyer's page), to the product's owner when their account has an
e-mail address and to every active administrator and programme officer with one. Each gets
it in the language of their account.

The e-mail says which product was asked about, the quantity and when, and links to the
inquiry in ovop. It does not carry the buyer's name, phone, e-mail or message: a copy in a
mailbox could not be erased when the buyer asks for deletion or when the retention period
ends (see ``services_inquiries``). It is plain text, so nothing in it is read as HTML, and
its subject is one line whatever the product's name holds.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ovop.accounts.models import MANAGE_ROLES, User
from ovop.catalogue.models import Inquiry

SUBJECT_MAX = 150


def recipients(inquiry: Inquiry) -> list[User]:
    """The owner of the product's enterprise and the active managers, each with an e-mail."""
    owner = inquiry.listing.product.enterprise.account_id
    found = User.objects.filter(is_active=True).exclude(email="")
    found = found.filter(Q(pk=owner) | Q(role__in=MANAGE_ROLES) | Q(is_superuser=True))
    return list(found.order_by("pk"))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:SUBJECT_MAX]


def notice(inquiry: Inquiry, user: User, site: str) -> EmailMessage:
    """The e-mail to ``user`` about ``inquiry``; ``site`` is ovop's address (scheme and host)."""
    product = inquiry.listing.product
    with translation.override(user.language or settings.LANGUAGE_CODE):
        sent = formats.date_format(timezone.localtime(inquiry.created_at), "d/m/Y H:i")
        facts = {
            "product": _one_line(inquiry.listing.public_name or product.name),
            "enterprise": _one_line(product.enterprise.name),
            "quantity": inquiry.quantity,
            "unit": inquiry.listing.unit or _("units"),
            "sent": sent,
            "link": site + reverse("catalogue:inquiry", args=[inquiry.pk]),
        }
        subject = _one_line(_("ovop: a buyer asks about %(product)s") % facts)
        body = "\n\n".join(
            [
                _("A buyer has sent an inquiry about %(product)s (%(enterprise)s).") % facts,
                _("Quantity asked: %(quantity)s %(unit)s. Sent on %(sent)s.") % facts,
                _("Read it and record the answer in ovop: %(link)s") % facts,
                _(
                    "The buyer's name, contact and message are only in ovop, not in this "
                    "e-mail, so that they can be erased when the buyer asks."
                ),
            ]
        )
    return EmailMessage(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])


def inquiry_notify(inquiry_id: int, site: str) -> int:
    """Send the e-mails about one inquiry; how many were sent (0 if it no longer exists)."""
    inquiry = (
        Inquiry.objects.select_related("listing__product__enterprise").filter(pk=inquiry_id).first()
    )
    if inquiry is None:
        return 0
    messages = [notice(inquiry, user, site) for user in recipients(inquiry)]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
