"""Forms of the application form (public and staff) and of each back-office action."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import ANSWERS, APPLICANT_KINDS, CONSULTATION_RESPONSES, Action
from gongkai.core.fees import MAX_PAGES
from gongkai.web.applications.models import Attachment, Channel, ServiceMethod
from gongkai.web.common.forms import ApplicationForm, DateInput
from gongkai.web.common.uploads import check_upload


class StaffApplicationForm(ApplicationForm):
    """A paper, in-person, fax or oral application entered by staff, with its Art. 31 dates."""

    channel = forms.ChoiceField(
        label=_("申请渠道"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    arrived_on = forms.DateField(label=_("到达日期"), widget=DateInput())
    signed_on = forms.DateField(label=_("签收日期（挂号信、快递）"), widget=DateInput(), required=False)
    confirmed_on = forms.DateField(
        label=_("与申请人确认日期（平常信函、传真）"), widget=DateInput(), required=False
    )

    field_order = ("channel", "arrived_on", "signed_on", "confirmed_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, id_proof_required=False, **kwargs)


class OnDateForm(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> dt.date:
        on: dt.date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"), code="future")
        return on


class NoteForm(OnDateForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class RequiredNoteForm(OnDateForm):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}))


class DiscardForm(OnDateForm):
    note = forms.CharField(label=_("不予登记的理由"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionRequestForm(OnDateForm):
    note = forms.CharField(label=_("需要补正的事项"), widget=forms.Textarea(attrs={"rows": 4}))
    correction_due = forms.DateField(label=_("补正期限"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["correction_due"].initial = timezone.localdate() + dt.timedelta(days=15)


class CorrectionForm(OnDateForm):
    note = forms.CharField(label=_("补正内容摘要"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    file = forms.FileField(label=_("补正材料"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("收到补正的日期")


class ConsultationForm(OnDateForm):
    party = forms.CharField(label=_("征求意见的第三方或机关"), max_length=200)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConsultationEndForm(OnDateForm):
    response = forms.ChoiceField(
        label=_("第三方或机关的意见"),
        choices=[("", "—")] + [(k.value, _(v)) for k, v in CONSULTATION_RESPONSES.items()],
    )
    note = forms.CharField(
        label=_("意见结果"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("不同意公开的，摘要记录其理由。"),
    )


class ExtensionForm(OnDateForm):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    note = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonsRequestForm(OnDateForm):
    note = forms.CharField(label=_("需要申请人说明的事项"), widget=forms.Textarea(attrs={"rows": 4}))
    reasons_due = forms.DateField(label=_("说明理由的期限"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons_due"].initial = timezone.localdate() + dt.timedelta(days=10)


class ReplyDateForm(OnDateForm):
    reply_on = forms.DateField(
        label=_("确定的答复日期"),
        widget=DateInput(),
        help_text=_("应当晚于现在的答复期限，并且合理。"),
    )
    note = forms.CharField(label=_("无法按期答复的原因"), widget=forms.Textarea(attrs={"rows": 3}))


class FeeForm(OnDateForm):
    method = forms.ChoiceField(
        label=_("计收方式"),
        choices=[("pages", _("按量计收（页数）")), ("per_request", _("按件计收"))],
        widget=forms.RadioSelect,
        initial="pages",
    )
    pages = forms.IntegerField(label=_("页数"), min_value=1, max_value=MAX_PAGES, required=False)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == "pages" and not data.get("pages"):
            self.add_error("pages", _("按量计收须填写页数。"))
        if data.get("method") == "per_request":
            data["pages"] = None
        return data


class DecisionForm(OnDateForm):
    answer = forms.ChoiceField(label=_("答复类型"), choices=[(a.id, _(a.label)) for a in ANSWERS])
    text = forms.CharField(
        label=_("答复内容"),
        help_text=_("提供的信息或获取方式；部分公开、不予公开的，写明理由。"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    public_interest = forms.CharField(
        label=_("决定公开的公共利益理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "仅当第三方不同意公开、而本机关认为不公开可能对公共利益造成重大影响并决定公开时填写（条例第三十二条）；"
            "批准后将向第三方发出决定公开告知书。"
        ),
    )


class ApproveDecisionForm(OnDateForm):
    # The proposal the approver is shown: approving refers to it, not to whatever is proposed by then.
    proposal = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ServiceForm(OnDateForm):
    how = forms.ChoiceField(label=_("送达方式"), choices=ServiceMethod.choices)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("送达日期")


class NoteAddForm(forms.Form):
    text = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=Attachment.Kind.choices)
    file = forms.FileField(label=_("文件"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class AssignForm(forms.Form):
    officer = forms.ChoiceField(label=_("承办人"))

    def __init__(self, *args: Any, officers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["officer"]).choices = officers


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    kind = forms.ChoiceField(label=_("申请人类型"), required=False)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    agency = forms.ChoiceField(label=_("机关"), required=False)
    answer = forms.ChoiceField(
        label=_("答复类型"), required=False, choices=[("", "—"), *[(a.id, _(a.label)) for a in ANSWERS]]
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        from gongkai.core.cases import STATE_LABELS

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", "—"),
            *[(s.value, _(label)) for s, label in STATE_LABELS.items()],
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", "—"),
            *[(k.value, _(v)) for k, v in APPLICANT_KINDS.items()],
        ]
        if len(agencies) > 1:
            cast(forms.ChoiceField, self.fields["agency"]).choices = [
                ("", "—"),
                *[(str(pk), name) for pk, name in agencies],
            ]
        else:  # one agency: nothing to choose between
            del self.fields["agency"]


# Which form each action asks for.
ACTION_FORMS: dict[Action, type[forms.Form]] = {
    Action.REGISTER: OnDateForm,
    Action.DISCARD: DiscardForm,
    Action.REQUEST_CORRECTION: CorrectionRequestForm,
    Action.RECORD_CORRECTION: CorrectionForm,
    Action.CLOSE_UNCORRECTED: NoteForm,
    Action.START_CONSULTATION: ConsultationForm,
    Action.END_CONSULTATION: ConsultationEndForm,
    Action.REQUEST_EXTENSION: ExtensionForm,
    Action.APPROVE_EXTENSION: OnDateForm,
    Action.REFUSE_EXTENSION: NoteForm,
    Action.NOTIFY_FEE: FeeForm,
    Action.RECORD_PAYMENT: NoteForm,
    Action.CLOSE_UNPAID: NoteForm,
    Action.PROPOSE_DECISION: DecisionForm,
    Action.APPROVE_DECISION: ApproveDecisionForm,
    Action.RETURN_DECISION: RequiredNoteForm,
    Action.RECORD_SERVICE: ServiceForm,
    Action.CLOSE: OnDateForm,
    Action.WITHDRAW: NoteForm,
    Action.ASK_REASONS: ReasonsRequestForm,
    Action.SET_REPLY_DATE: ReplyDateForm,
}
