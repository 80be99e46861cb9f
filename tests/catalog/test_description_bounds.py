"""Every path that writes a description bounds it with a clear error (the service checks, so pages,
API and commands agree), and rendered Markdown is made once per text and cached."""

import pytest
from django.core.cache import cache

from catalog import markdown
from catalog.markdown import cache_key, render_markdown, sanitized_html
from catalog.models import DataSource
from catalog.permissions import SYSTEM
from catalog.services.annotations import DESCRIPTION_MAX_LENGTH
from catalog.services.sources import SourceError, source_save
from tests.factories import DataSourceFactory, TableFactory

pytestmark = pytest.mark.django_db
TOO_LONG = "x" * (DESCRIPTION_MAX_LENGTH + 1)


@pytest.fixture
def folder(tmp_path, settings):
    settings.SOURCE_SQLITE_DIRS = [str(tmp_path)]
    return tmp_path


def test_the_source_service_refuses_a_description_over_the_bound(folder):
    with pytest.raises(SourceError) as error:
        source_save(user=SYSTEM, name="Shop", url=f"sqlite:///{folder}", description=TOO_LONG)
    assert error.value.field == "description"
    assert f"{DESCRIPTION_MAX_LENGTH:,}" in error.value.message
    assert not DataSource.objects.exists()


def test_the_source_page_refuses_a_description_over_the_bound(admin_client_, folder):
    data = {"name": "Shop", "url": f"sqlite:///{folder}", "sample_rows": "100", "description": TOO_LONG}
    response = admin_client_.post("/sources/add/", data)
    assert response.status_code == 200
    assert "Keep the description under" in response.content.decode()
    assert not DataSource.objects.exists()


def test_the_api_refuses_descriptions_over_the_bound(admin_client_, folder):
    table = TableFactory(description="kept")
    response = admin_client_.patch(
        f"/api/tables/{table.pk}/", {"description": TOO_LONG}, content_type="application/json"
    )
    assert response.status_code == 400
    table.refresh_from_db()
    assert table.description == "kept"
    source = DataSourceFactory(description="kept")
    response = admin_client_.patch(
        f"/api/sources/{source.slug}/description/", {"description": TOO_LONG}, content_type="application/json"
    )
    assert response.status_code == 400
    source.refresh_from_db()
    assert source.description == "kept"


def test_the_annotate_page_refuses_a_description_over_the_bound(admin_client_):
    table = TableFactory(description="kept")
    response = admin_client_.post(f"/tables/{table.pk}/annotate/", {"description": TOO_LONG}, follow=True)
    assert "Keep the description under" in response.content.decode()
    table.refresh_from_db()
    assert table.description == "kept"


def test_markdown_is_rendered_once_and_then_read_from_the_cache():
    text = "A *cached* description"
    html = sanitized_html(text)
    assert cache.get(cache_key(text)) == html == "<p>A <em>cached</em> description</p>"
    # What the cache holds is what is served: the renderer does not run again for this text.
    cache.set(cache_key(text), "<p>from the cache</p>")
    assert render_markdown(text) == "<p>from the cache</p>"
    # A changed text (or renderer version) is another key.
    assert cache_key(text) != cache_key(text + " ") and markdown.RENDERER_VERSION in cache_key(text)


def test_transforms_apply_to_cached_html_on_every_render(monkeypatch):
    text = "Hello TOKEN"
    sanitized_html(text)  # cached now
    monkeypatch.setattr(markdown, "_TRANSFORMS", [lambda html: html.replace("TOKEN", "<b>world</b>")])
    assert render_markdown(text) == "<p>Hello <b>world</b></p>"
    monkeypatch.setattr(markdown, "_TRANSFORMS", [])
    assert render_markdown(text) == "<p>Hello TOKEN</p>"
