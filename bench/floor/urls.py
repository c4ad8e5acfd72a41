from django.http import JsonResponse
from django.urls import path


def floor(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("", floor)]
