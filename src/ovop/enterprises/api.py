"""Read-only API of the registry: enterprises and products, scoped like the pages.

Private fields (phone, email, NIB, address, investment, sales) are left out of a record unless
the caller may see them. Lists take the same filters as the pages; an invalid filter answers
400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers

from ovop.core.api import error_responses
from ovop.core.api_money import MoneySerializerField
from ovop.core.api_params import form_parameters
from ovop.core.requests import request_user
from ovop.enterprises import scope, selectors
from ovop.enterprises.forms import EnterpriseFilterForm, ProductFilterForm
from ovop.enterprises.models import Enterprise, OwnerGender, Product

#: Said of each private field in the schema, which does not require it.
PRIVATE = _("Private: present only for a caller who may see the enterprise's private data.")


def _errors(form: EnterpriseFilterForm | ProductFilterForm) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


class EnterpriseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    village = serializers.CharField(source="village.code", read_only=True)
    village_name = serializers.CharField(source="village.name", read_only=True)
    kecamatan_name = serializers.CharField(
        source="village.parent.name", read_only=True, default=None
    )
    owner_gender = serializers.ChoiceField(
        choices=OwnerGender.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("female or male; empty when it is not recorded."),
    )
    workers_total = serializers.IntegerField(read_only=True)
    size_class = serializers.CharField(read_only=True)
    active_products = serializers.IntegerField(source="product_count", read_only=True)
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    # The private fields (scope.PRIVATE_FIELDS), left out for a caller who may not see them, so
    # declared as not required (which a read-only field always is in the schema).
    phone = serializers.CharField(required=False, help_text=PRIVATE)
    email = serializers.CharField(  # not format "email": "" when there is none
        required=False,
        help_text=_(
            "E-mail address, or empty. Private: present only for a caller who may see the "
            "enterprise's private data."
        ),
    )
    nib = serializers.CharField(required=False, allow_null=True, help_text=PRIVATE)
    address = serializers.CharField(required=False, help_text=PRIVATE)
    investment_idr = MoneySerializerField(required=False, help_text=PRIVATE)
    annual_sales_idr = MoneySerializerField(required=False, help_text=PRIVATE)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "owner_name",
            "owner_gender",
            "village",
            "village_name",
            "kecamatan_name",
            "kbli",
            "founded_year",
            "workers_male",
            "workers_female",
            "workers_total",
            "size_class",
            "active_products",
            "archived",
            "is_sample",
            "url",
            *scope.PRIVATE_FIELDS,
        ]
        read_only_fields = fields

    def to_representation(self, instance: Enterprise) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        if not getattr(instance, "show_private", False):
            for name in scope.PRIVATE_FIELDS:
                data.pop(name, None)
        return data


class ProductSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    village = serializers.CharField(source="enterprise.village.code", read_only=True)
    village_name = serializers.CharField(source="enterprise.village.name", read_only=True)
    photos = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    price_idr = MoneySerializerField(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "category",
            "category_label",
            "enterprise",
            "enterprise_name",
            "village",
            "village_name",
            "description",
            "story",
            "local_material_pct",
            "unit",
            "price_idr",
            "monthly_capacity",
            "published",
            "photos",
            "archived",
            "is_sample",
            "url",
        ]
        read_only_fields = fields

    def get_photos(self, product: Product) -> list[str]:
        return [photo.file_url() for photo in product.photos.all()]


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(EnterpriseFilterForm),
        responses={200: EnterpriseSerializer(many=True), **error_responses(400, 403, 404)},
    )
)
class EnterpriseList(generics.ListAPIView):  # type: ignore[type-arg]
    """Enterprises the caller may see; ?q=, ?village=<code>, ?kecamatan=<code>, ?category=,
    ?size=, ?certification=, ?active=active|archived|all."""

    serializer_class = EnterpriseSerializer

    def get_queryset(self) -> QuerySet[Enterprise]:
        form = EnterpriseFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(_errors(form))
        return selectors.enterprise_list(user=request_user(self.request), filters=form.filters())


@extend_schema_view(
    get=extend_schema(responses={200: EnterpriseSerializer, **error_responses(403, 404)})
)
class EnterpriseDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = EnterpriseSerializer

    def get_queryset(self) -> QuerySet[Enterprise]:
        return selectors.enterprises_for(request_user(self.request))


@extend_schema_view(
    get=extend_schema(
        parameters=form_parameters(ProductFilterForm),
        responses={200: ProductSerializer(many=True), **error_responses(400, 403, 404)},
    )
)
class ProductList(generics.ListAPIView):  # type: ignore[type-arg]
    """Products the caller may see; ?q=, ?category=, ?kecamatan=, ?village=, ?published=yes|no,
    ?active=active|archived|all."""

    serializer_class = ProductSerializer

    def get_queryset(self) -> QuerySet[Product]:
        form = ProductFilterForm(self.request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(_errors(form))
        return selectors.product_list(user=request_user(self.request), filters=form.filters())


@extend_schema_view(
    get=extend_schema(responses={200: ProductSerializer, **error_responses(403, 404)})
)
class ProductDetail(generics.RetrieveAPIView):  # type: ignore[type-arg]
    serializer_class = ProductSerializer

    def get_queryset(self) -> QuerySet[Product]:
        return selectors.products_for(request_user(self.request)).prefetch_related("photos")
