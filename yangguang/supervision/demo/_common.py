"""Helpers the supervision demo builders share."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from yangguang.orgs.models import Unit


def _say(stdout, msg):
    if stdout is not None:
        stdout.write(msg)


def _actor():
    return get_user_model().objects.filter(username="dali").first()


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)
