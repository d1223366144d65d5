"""Messages to senders, sent once the transaction that caused them has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Item


def receipt(item_id: int, site: str) -> None:
    """To the sender: the item was received, with its tracking code and where to follow it."""
    item = Item.objects.select_related("sender").get(pk=item_id)
    address = item.contact_email or item.sender.email
    if not address:
        return
    link = f"{site}{reverse('feedback:mine_item', args=[item.tracking_code])}"
    send_mail(
        _("Received: %(code)s") % {"code": item.tracking_code},
        _(
            "We received your %(kind)s “%(title)s” on %(when)s.\n"
            "Tracking code: %(code)s\nFollow it at %(link)s"
        )
        % {
            "kind": item.get_kind_display().lower(),
            "title": item.title,
            "when": item.received_at.strftime("%d/%m/%Y %H:%M"),
            "code": item.tracking_code,
            "link": link,
        },
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
