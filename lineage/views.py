"""Lineage pages: the Lineage tab of a table, the SQL upload page and the stewards' queue.

Thin: reads go through lineage.selectors / lineage.graph and bounded querysets, writes through
lineage.services. The tab renders its first graph into the page (JSON for the script, an HTML
edge list for everyone else); the script asks the graph API for anything after that.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.access import access_table
from catalog.engines import DEFAULT_DIALECT, sql_dialects
from catalog.models import Column, DataSource, Table
from lineage.graph import build_graph, impact, who_to_tell
from lineage.models import ColumnLineageEdge, LineageStatement, Origin, TableLineageEdge
from lineage.selectors import lineage_payload, statements_for_table
from lineage.services import manual, upload
from lineage.services.manual import manual_edge_add, manual_edge_delete, statement_mark_reviewed
from lineage.services.upload import MAX_SQL_BYTES, UploadError, sql_lineage_upload

TAB_DEPTH = 2
FALLBACK_ROWS = 300
IMPACT_ROWS = 200
QUEUE_PAGE_SIZE = 25
DATALIST_TABLES = 2000


# --- The Lineage tab ------------------------------------------------------------------------


def _int_param(value, default, low, high):
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def column_lineage_panel(request, column):
    """A column page's lineage: how many columns feed it and how many it feeds, with a link to
    the graph around it."""
    upstream = build_graph(level="column", start_ids=[column.pk], direction="up", depth=1)
    downstream = impact(level="column", start_id=column.pk)
    return {
        "column": column,
        "upstream": max(0, upstream.graph.number_of_nodes() - 1),
        "downstream_columns": downstream["columns"].count(),
        "downstream_tables": downstream["tables"].count(),
    }


def lineage_tab_context(request, table):
    """Graph (as JSON and as an edge list), impact and statements around a table or one column."""
    column = None
    if request.GET.get("column"):
        column = Column.objects.filter(table=table, pk=_int_param(request.GET["column"], 0, 0, 2**62)).first()
    level = "column" if column or request.GET.get("level") == "column" else "table"
    direction = request.GET.get("direction")
    direction = direction if direction in ("up", "down", "both") else "both"
    depth = _int_param(request.GET.get("depth"), TAB_DEPTH, 1, 5)
    payload = lineage_payload(table=table, column=column, level=level, direction=direction, depth=depth)
    labels = {node["id"]: node for node in payload["nodes"]}
    origin_names = dict(Origin.choices)
    edge_rows = [
        {
            "source": labels[edge["source"]],
            "target": labels[edge["target"]],
            "transformed": edge["transformed"],
            "origins": [origin_names.get(origin, origin) for origin in edge["origins"]],
        }
        for edge in payload["edges"][:FALLBACK_ROWS]
    ]
    found = impact(level="column" if column else "table", start_id=(column or table).pk)
    impact_tables = list(found["tables"][: IMPACT_ROWS + 1])
    impact_columns = list(found["columns"][: IMPACT_ROWS + 1])
    stewards_by_table, tell = who_to_tell(found)
    for impacted in impact_tables:
        impacted.impact_stewards = stewards_by_table.get(impacted.pk, [])
    statements = statements_for_table(table).select_related("source")
    return {
        "lineage": payload,
        "lineage_level": level,
        "lineage_direction": direction,
        "lineage_depth": depth,
        "lineage_depths": range(1, 6),
        "lineage_column": column,
        # table_id too: a related manager's rows check their table, which would load a deferred
        # table_id with one query per column.
        "lineage_columns": table.columns.filter(removed_at__isnull=True)
        .order_by("position")
        .only("id", "name", "table_id"),
        "lineage_edges": edge_rows,
        "lineage_edges_more": max(0, len(payload["edges"]) - FALLBACK_ROWS),
        "lineage_origin_names": origin_names,
        "impact_tables": impact_tables[:IMPACT_ROWS],
        "impact_columns": impact_columns[:IMPACT_ROWS],
        "impact_external": found["external"][:IMPACT_ROWS],
        "impact_more": len(impact_tables) > IMPACT_ROWS or len(impact_columns) > IMPACT_ROWS,
        "impact_truncated": found["truncated"],
        "impact_who_to_tell": tell,
        "lineage_statements": statements,
    }


# --- Upload SQL -----------------------------------------------------------------------------


class SqlUploadForm(forms.Form):
    sql = forms.CharField(
        label="SQL",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "mono"}),
        help_text="Statements separated by semicolons: INSERT … SELECT, CREATE TABLE AS, views, MERGE…",
    )
    file = forms.FileField(
        label="…or a .sql file",
        required=False,
        help_text=f"Up to {MAX_SQL_BYTES // (1024 * 1024)} MB, UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".sql,text/plain"}),
    )
    # sqlglot's dialects, the registered engines' first; a callable, read when the form is built.
    dialect = forms.ChoiceField(choices=sql_dialects, initial=DEFAULT_DIALECT)
    source = forms.ModelChoiceField(
        queryset=DataSource.objects.none(),
        required=False,
        empty_label="All sources",
        to_field_name="slug",
        help_text="Names in the SQL are matched to this source's tables (or to every source's).",
    )
    default_schema = forms.CharField(
        required=False, max_length=200, help_text="Schema for table names written without one."
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = DataSource.objects.visible_to(user).order_by("name")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_SQL_BYTES:
            raise ValidationError(
                f"That file is over {MAX_SQL_BYTES // (1024 * 1024)} MB; split it into smaller files."
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("That file is not UTF-8 text.") from None

    def clean(self):
        data = super().clean()
        text = data.get("file") or data.get("sql") or ""
        if data.get("file") and data.get("sql", "").strip():
            raise ValidationError("Paste SQL or choose a file, not both.")
        if not self.errors and not text.strip():
            raise ValidationError("There is no SQL to read: paste some or choose a .sql file.")
        if len(text.encode()) > MAX_SQL_BYTES:
            raise ValidationError(f"That SQL is over {MAX_SQL_BYTES // (1024 * 1024)} MB; split it.")
        data["text"] = text
        return data


def _statements_with_edges(ids):
    return (
        LineageStatement.objects.filter(pk__in=ids)
        .order_by("id")
        .prefetch_related(
            Prefetch("table_edges", queryset=TableLineageEdge.objects.order_by("id")),
            Prefetch("column_edges", queryset=ColumnLineageEdge.objects.order_by("id")),
        )
    )


def lineage_upload(request):
    """Paste or upload SQL; each statement is read and its edges kept (origin: upload)."""
    can_submit = request.user.has_perm(upload.PERMISSION)
    statements = None
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied("Contributors add SQL lineage.")
        form = SqlUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                saved = sql_lineage_upload(
                    user=request.user,
                    sql=form.cleaned_data["text"],
                    dialect=form.cleaned_data["dialect"],
                    default_schema=form.cleaned_data["default_schema"].strip().lower() or None,
                    source=form.cleaned_data["source"],
                )
            except UploadError as exc:
                form.add_error(None, str(exc))
            else:
                statements = _statements_with_edges([statement.pk for statement in saved])
    else:
        form = SqlUploadForm(user=request.user)
    if not can_submit:
        for field in form.fields.values():
            field.disabled = True
    counts = None
    if statements is not None:
        statements = list(statements)
        counts = {
            status: sum(1 for s in statements if s.status == status)
            for status in LineageStatement.Status.values
        }
    return render(
        request,
        "lineage/upload.html",
        {"form": form, "can_submit": can_submit, "statements": statements, "counts": counts},
    )


# --- Stewards' queue ------------------------------------------------------------------------


class ManualEdgeForm(forms.Form):
    source_table = forms.CharField(
        label="Source table", help_text="schema.table from the list, or a table id"
    )
    target_table = forms.CharField(
        label="Target table", help_text="schema.table from the list, or a table id"
    )
    columns = forms.CharField(
        label="Column pairs (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "source_column -> target_column"}),
        help_text="One pair a line: source column -> target column.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.tables = Table.objects.visible_to(user).select_related("schema", "source")

    def _table(self, field):
        value = self.cleaned_data[field].strip()
        key = value.split(" ", 1)[0].lstrip("#")
        if key.isdigit():
            table = self.tables.filter(pk=int(key)).first()
        else:
            schema, _, name = value.rpartition(".")
            named = self.tables.filter(schema__name__iexact=schema, name__iexact=name)
            matches = list(named.filter(removed_at__isnull=True)[:2])
            if len(matches) > 1:
                raise ValidationError(f"Several sources have {value}; pick it from the list (with its id).")
            table = matches[0] if matches else None
        if table is None:
            raise ValidationError(f"No table {value!r} in the catalog.")
        return table

    def clean_source_table(self):
        return self._table("source_table")

    def clean_target_table(self):
        return self._table("target_table")

    def clean(self):
        data = super().clean()
        source, target = data.get("source_table"), data.get("target_table")
        pairs = []
        if source and target:
            wanted = []
            for line in (data.get("columns") or "").splitlines():
                if not line.strip():
                    continue
                left, sep, right = line.replace("→", "->").partition("->")
                if not sep:
                    left, sep, right = line.partition(",")
                if not sep or not left.strip() or not right.strip():
                    raise ValidationError(f"Write each pair as 'source_column -> target_column': {line!r}")
                wanted.append((left.strip().lower(), right.strip().lower()))
            if wanted:
                names = {
                    (table_id, name.lower()): column
                    for column in Column.objects.filter(
                        table_id__in=[source.pk, target.pk], removed_at__isnull=True
                    )
                    for table_id, name in [(column.table_id, column.name)]
                }
                for left, right in wanted:
                    missing = [
                        f"{table.qualified_name}.{name}"
                        for table, name in ((source, left), (target, right))
                        if (table.pk, name) not in names
                    ]
                    if missing:
                        raise ValidationError(f"No column {', '.join(missing)}.")
                    pairs.append((names[(source.pk, left)], names[(target.pk, right)]))
        data["pairs"] = pairs
        return data


steward_only = permission_required(manual.PERMISSION, raise_exception=True)


@require_http_methods(["GET", "POST"])
@steward_only
def lineage_queue(request):
    """Failed and partial statements to look at, and lineage added by hand."""
    form = ManualEdgeForm(user=request.user)
    if request.method == "POST":
        form = ManualEdgeForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                edge = manual_edge_add(
                    user=request.user,
                    source_table=form.cleaned_data["source_table"],
                    target_table=form.cleaned_data["target_table"],
                    column_pairs=form.cleaned_data["pairs"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Added lineage {edge.source_name} → {edge.target_name}.")
                return redirect("lineage-queue")
    queue = (
        LineageStatement.objects.visible_to(request.user)
        .filter(
            status__in=[LineageStatement.Status.FAILED, LineageStatement.Status.PARTIAL],
            reviewed_by__isnull=True,
        )
        .select_related("source", "table", "created_by")
        .order_by("-created_at", "-id")
    )
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    manual_edges = (
        _visible_edges(request.user)
        .filter(origin=Origin.MANUAL)
        .select_related("created_by", "source_table", "target_table")
        .order_by("-created_at", "-id")[:100]
    )
    tables = (
        Table.objects.visible_to(request.user)
        .filter(removed_at__isnull=True)
        .order_by("schema__name", "name")
        .values_list("id", "schema__name", "name", "source__name")[:DATALIST_TABLES]
    )
    return render(
        request,
        "lineage/queue.html",
        {
            "page": page,
            "form": form,
            "manual_edges": manual_edges,
            "datalist_tables": tables,
            "reviewable": True,
        },
    )


def _visible_edges(user):
    visible = Table.objects.visible_to(user)
    return TableLineageEdge.objects.filter(source_table__in=visible, target_table__in=visible)


@require_POST
@steward_only
def manual_edge_remove(request, pk):
    edge = get_object_or_404(_visible_edges(request.user), pk=pk)
    try:
        manual_edge_delete(user=request.user, edge=edge)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Removed lineage {edge.source_name} → {edge.target_name}.")
    return redirect(_next_or(request, reverse("lineage-queue")))


def _next_or(request, default: str) -> str:
    """The `next` page the form asked for, if it is on this site; anything else (another host, a
    scheme, `//evil`) is an open redirect and goes to `default`."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else default


@require_POST
@steward_only
def statement_review(request, pk):
    statement = get_object_or_404(LineageStatement.objects.visible_to(request.user), pk=pk)
    statement_mark_reviewed(user=request.user, statement=statement)
    messages.success(request, "Marked as reviewed; it left the queue.")
    return redirect("lineage-queue")


@require_safe
def table_lineage_redirect(request, pk):
    """/lineage/tables/<id>/ → the table's Lineage tab (handy links from elsewhere)."""
    table = access_table(request.user, pk)
    return redirect(reverse("table-tab", args=[table.pk, "lineage"]))
