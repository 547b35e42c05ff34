"""Registering an enterprise through the API: POST /api/v1/enterprises/.

The input is read like the page's form: money as an integer or as typed ("Rp 60.000.000",
"1,5 juta"), the village by its Kemendagri code, a NIB with or without the spaces it is printed
with, a phone number in any Indonesian notation. The service decides: who may register where,
the NIB, and whether this is likely an IKM already registered — refused (400, naming it) unless
``confirm_distinct`` is true.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ovop.core.api import error_responses
from ovop.core.api_money import MoneySerializerField
from ovop.core.api_text import CleanTextSerializerMixin
from ovop.core.requests import request_user
from ovop.enterprises import scope, selectors, services
from ovop.enterprises.api import EnterpriseList, EnterpriseSerializer
from ovop.enterprises.duplicates import CONFIRM_FIELD
from ovop.enterprises.forms import RAW_LENGTHS
from ovop.enterprises.models import Enterprise, OwnerGender
from ovop.regions.models import Level, Region


def _label(name: str) -> Any:
    """The model field's (translated, lazy) name: the API's messages name fields as pages do."""
    field = Enterprise._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.verbose_name


class EnterpriseCreateSerializer(CleanTextSerializerMixin, serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField(label=_("Business name"), max_length=160)
    owner_name = serializers.CharField(label=_("Owner name"), max_length=120)
    owner_gender = serializers.ChoiceField(
        label=_("Owner's gender"),
        choices=OwnerGender.choices,
        required=False,
        allow_blank=True,
        help_text=_("female or male; empty (or left out) when it is not recorded."),
        error_messages={
            "invalid_choice": _(
                "Owner's gender: “{input}” is not female or male; leave it empty "
                "when it is not recorded."
            )
        },
    )
    village = serializers.SlugRelatedField(
        label=_("Village"),
        slug_field="code",
        queryset=Region.objects.filter(level=Level.VILLAGE),
        error_messages={"does_not_exist": _("Village: no village has the code {value}.")},
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=RAW_LENGTHS["phone"], required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    nib = serializers.CharField(
        max_length=RAW_LENGTHS["nib"], required=False, allow_blank=True, allow_null=True
    )
    kbli = serializers.CharField(max_length=RAW_LENGTHS["kbli"], required=False, allow_blank=True)
    founded_year = serializers.IntegerField(required=False, allow_null=True)
    workers_male = serializers.IntegerField(required=False, min_value=0)
    workers_female = serializers.IntegerField(required=False, min_value=0)
    investment_idr = MoneySerializerField(label=_label("investment_idr"), required=False)
    annual_sales_idr = MoneySerializerField(label=_label("annual_sales_idr"), required=False)
    confirm_distinct = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("True when this is a different IKM from the likely duplicates named in a 400."),
    )


class EnterpriseListCreate(EnterpriseList):
    """The list of enterprises (GET), and registering one (POST)."""

    @extend_schema(
        request=EnterpriseCreateSerializer,
        responses={201: EnterpriseSerializer, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if not scope.can_create_enterprise(user):  # refused before its input is looked at
            raise PermissionDenied
        incoming = EnterpriseCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(incoming.validated_data)
        confirm = bool(data.pop(CONFIRM_FIELD, False))
        if "kbli" in data:
            data["kbli"] = data["kbli"].strip()
        created = services.enterprise_create(user=user, data=data, confirm_distinct=confirm)
        enterprise = selectors.enterprises_for(user).get(pk=created.pk)
        return Response(EnterpriseSerializer(enterprise).data, status=status.HTTP_201_CREATED)
