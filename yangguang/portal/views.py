from django.shortcuts import render

from .sections import available


def home(request):
    return render(request, "portal/home.html", {"sections": available()})
