"""One FilterSet per list, shared by the HTML pages and the API."""

import django_filters
from django.db.models import Q

from catalog.models import Column, CrawlRun, DataSource, Schema, Table


class RemovedFilterMixin(django_filters.FilterSet):
    removed = django_filters.BooleanFilter(method="filter_removed", label="Removed")

    def filter_removed(self, queryset, name, value):
        return queryset.filter(removed_at__isnull=not value)

    @property
    def qs(self):
        queryset = super().qs
        # Removed and filtered-out assets stay out of lists unless asked for.
        if self.form.cleaned_data.get("removed") is None:
            queryset = queryset.filter(removed_at__isnull=True)
        return queryset.filter(hidden=False)


class SchemaFilter(RemovedFilterMixin):
    source = django_filters.CharFilter(field_name="source__slug")
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Schema
        fields = ["source", "name", "removed"]


class TableFilter(RemovedFilterMixin):
    q = django_filters.CharFilter(method="filter_q", label="Name contains")
    source = django_filters.CharFilter(field_name="source__slug", label="Source")
    schema = django_filters.CharFilter(field_name="schema__name", label="Schema")
    name = django_filters.CharFilter(lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(choices=Table.Kind.choices)

    class Meta:
        model = Table
        fields = ["q", "source", "schema", "name", "kind", "removed"]

    def filter_q(self, queryset, name, value):
        # Name search: "ipps.summ" matches schema and table, "drg" any part of a name or title.
        if "." in value:
            schema, _, table = value.rpartition(".")
            return queryset.filter(schema__name__icontains=schema, name__icontains=table)
        return queryset.filter(Q(name__icontains=value) | Q(title__icontains=value))


class ColumnFilter(RemovedFilterMixin):
    source = django_filters.CharFilter(field_name="table__source__slug")
    schema = django_filters.CharFilter(field_name="table__schema__name")
    table = django_filters.NumberFilter(field_name="table_id")
    name = django_filters.CharFilter(lookup_expr="icontains")
    type = django_filters.CharFilter(field_name="data_type", lookup_expr="icontains")

    class Meta:
        model = Column
        fields = ["source", "schema", "table", "name", "type", "removed"]


class DataSourceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = DataSource
        fields = ["name", "engine"]


class CrawlRunFilter(django_filters.FilterSet):
    source = django_filters.CharFilter(field_name="source__slug")

    class Meta:
        model = CrawlRun
        fields = ["source", "status"]
