from django import forms
from django.utils.translation import gettext_lazy as _

from . import template as T
from .models import AUDIENCES, CHANNELS, VALIDITY, Category, Request


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> accepts, whatever the locale


class RecordForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"), max_length=40)
    category = forms.ModelChoiceField(Category.objects.all(), label=_("Category"), to_field_name="code")
    title = forms.CharField(label=_("Title"), max_length=300)
    doc_number = forms.CharField(label=_("Document no."), max_length=100, required=False)
    formed_on = forms.DateField(label=_("Formed or changed on"), widget=DateInput)
    audience = forms.ChoiceField(label=_("Audience"), choices=AUDIENCES)
    audience_note = forms.CharField(label=_("Audience detail"), max_length=300, required=False)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}), required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False)
    prerequisite_on = forms.DateField(label=_("Audit / discussion date"), required=False, widget=DateInput)
    prerequisite_note = forms.CharField(label=_("Audit / discussion record"), max_length=300, required=False)


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label=_("Validity"), choices=VALIDITY)
    on = forms.DateField(label=_("Date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=CHANNELS)
    issue = forms.CharField(label=_("Issue / session"), max_length=60, required=False)
    on = forms.DateField(label=_("Published on"), widget=DateInput)


class ListForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"), max_length=40)
    period = forms.CharField(label=_("Period"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class PublishForm(forms.Form):
    on = forms.DateField(label=_("Published on"), widget=DateInput)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=CHANNELS, widget=forms.CheckboxSelectMultiple
    )
    issue = forms.CharField(label=_("Gazette issue / press session"), max_length=60, required=False)


class RequestForm(forms.Form):
    applicant_kind = forms.ChoiceField(label=_("Applicant"), choices=Request.APPLICANTS)
    org_type = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[("", "—")] + [(c, e) for c, _z, e in T.ORG_TYPES],
        required=False,
    )
    applicant_name = forms.CharField(label=_("Applicant name"), max_length=200)
    applicant_id = forms.CharField(label=_("ID or credit code"), max_length=60, required=False)
    contact = forms.CharField(label=_("Contact (phone, e-mail, address)"), max_length=300, required=False)
    content = forms.CharField(
        label=_("Information requested"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class StaffRequestForm(RequestForm):
    unit = forms.CharField(label=_("Unit code"), max_length=40)
    channel = forms.ChoiceField(label=_("Channel"), choices=Request.REQUEST_CHANNELS)
    submitted_on = forms.DateField(label=_("Date submitted"), widget=DateInput)
    signed_on = forms.DateField(label=_("Letter signed for on"), required=False, widget=DateInput)
    confirmed_on = forms.DateField(label=_("Online / fax confirmed on"), required=False, widget=DateInput)


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—")] + T.outcome_choices(), required=False)
    reason = forms.CharField(
        label=_("Reasons and legal basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    on = forms.DateField(label=_("Answered on"), widget=DateInput)


class NarrativeForm(forms.Form):
    """The annual report's parts the office writes (一, 五, 六)."""

    overview = forms.CharField(
        label=_("I. Overview"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    problems = forms.CharField(
        label=_("V. Main problems and improvements"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    other = forms.CharField(
        label=_("VI. Other matters to report"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
