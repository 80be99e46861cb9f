"""Every page a role reaches on the demo, by following links from the home page: it renders in the
site frame, answers 200, logs no console error and loads nothing from outside the site."""

import re
from collections import deque

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 35
# Links that change something or leave the HTML site: followed by other tests, not by a crawler.
SKIP = re.compile(r"/(logout|delete|crawl|api|admin|static|media)(/|$)|\.(csv|json|png|svg)$|/export")


@pytest.mark.parametrize("role", ["viewer", "contributor", "steward", "admin"])
def test_every_page_a_role_reaches_renders_in_the_frame_without_errors(page, live_server, log_in, demo, role):
    problems, outside = [], []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    log_in(role, f"{role}-demo")
    queue, seen, visited = deque(["/"]), {"/"}, []
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.popleft()
        response = page.goto(f"{live_server.url}{path}")
        visited.append(path)
        assert response.status == 200, (role, path, response.status)
        assert page.locator("header.topbar").count() == 1, (role, path)
        for href in page.locator("a[href^='/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        ):
            href = href.split("#")[0]
            if href and href not in seen and not SKIP.search(href):
                seen.add(href)
                queue.append(href)
    assert len(visited) == PAGES_PER_ROLE or not queue
    assert problems == [] and outside == [], (role, problems, outside)
