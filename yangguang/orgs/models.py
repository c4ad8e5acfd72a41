"""Units, people, posts.

The unit tree is a materialised path (django-treebeard MP_Node): "everything under this unit" is one
indexed prefix query. Level names belong to each tree (州/县市/乡镇/村社区, 分行/支行/网点 …).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from yangguang.core.errors import DomainError
from yangguang.core.models import TimeStampedModel
from yangguang.core.uploads import check_upload

from .roles import choices as role_choices


class UnitKind(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self):
        return self.name


class Unit(MP_Node, TimeStampedModel):
    steplen = 4
    node_order_by = None

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, related_name="units", verbose_name=_("kind"))
    # Only meaningful on a root: the names of the tree's levels, root first.
    level_names = models.JSONField(_("level names"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name

    @property
    def level_name(self) -> str:
        root_path = self.path[: self.steplen]
        names = (
            self.level_names
            if self.depth == 1
            else Unit.objects.filter(path=root_path).values_list("level_names", flat=True).first()
        )
        names = names or []
        return names[self.depth - 1] if self.depth - 1 < len(names) else ""


class Construction(TimeStampedModel):
    """A facility a unit should have (应建) and whether it is built (已建), e.g. a service centre."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="constructions", verbose_name=_("unit")
    )
    kind = models.CharField(_("facility"), max_length=40, default="service_centre")
    planned = models.BooleanField(_("planned"), default=True)
    built_on = models.DateField(_("built on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="orgs_construction_unique")]
        verbose_name = _("construction")
        verbose_name_plural = _("constructions")


# A staff photo (issue 16 item 5): an image, through the one upload check.
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png"}
PHOTO_MAX_BYTES = 5 * 1024 * 1024


class Person(TimeStampedModel):
    code = models.CharField(_("staff number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit"))
    # The unit's tree path, kept beside the person so "people under X" is one index range scan
    # in (path, id) order; maintained by save() and by orgs.actions.unit_move.
    unit_path = models.CharField(max_length=255, default="", editable=False)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    photo = models.FileField(_("photo"), upload_to="people/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("login"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit_path", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The (unit_path, id) index is made by migration 0004: on PostgreSQL the column uses the
        # "C" collation so that one btree serves both LIKE 'path%' and ORDER BY unit_path, id.

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        photo = self.photo
        if photo and not getattr(photo, "_committed", True):  # a new upload (the admin's form)
            try:
                check_upload(photo.file, PHOTO_EXTENSIONS, PHOTO_MAX_BYTES, empty_ok=False)
            except DomainError as e:
                raise ValidationError({"photo": e.message}) from None

    def save(self, *args, **kwargs):
        self.unit_path = self.unit.path
        if kwargs.get("update_fields") is not None and "unit" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit_path"}
        super().save(*args, **kwargs)


class Post(TimeStampedModel):
    """A person's role in a unit; a post on a unit covers that unit's whole subtree."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("person")
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="posts", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=30, choices=role_choices())
    title = models.CharField(_("post title"), max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "unit", "role"], name="orgs_post_unique")]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.person} · {self.unit} · {self.role}"
