"""Background work of the API: sending webhook messages."""

from django_tasks import task


@task()
def webhook_deliver(delivery_id: int) -> str:
    """One attempt at one webhook message (see webhooks.deliver); safe to run twice."""
    from article3.api.models import WebhookDelivery
    from article3.api.webhooks import deliver

    delivery = WebhookDelivery.objects.filter(pk=delivery_id).select_related("endpoint").first()
    if delivery is None:
        return "gone"
    return str(deliver(delivery).status)
