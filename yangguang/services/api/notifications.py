"""Staff notifications."""

from ninja import Router

from .. import queries

router = Router()


@router.get("/notifications")
def notifications(request):
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "text": n.message,
            "url": n.url,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in queries.notification_list(actor=request.user)[:100]
    ]
