// Mentions in every Markdown editor and hover cards on rendered asset mentions.
//
// Editors: any textarea with data-markdown. Typing "[[" lists assets from the catalog's search
// autocomplete API and inserts "[[schema.table]]" (or "[[schema.table.column]]", with
// "source-slug/" first when two sources hold that name), the syntax discussions/mentions.py resolves; typing "@" lists people and inserts "@username".
// Arrows move, Enter or Tab inserts, Escape closes. Without this script the textarea is plain.
//
// Cards: a rendered asset mention (a.mention[data-card]) shows a card with its type, title,
// description excerpt and badges (trust flags, tags) on hover or keyboard focus. The card URL
// answers only readers who may see the asset; answers are kept in a small bounded cache.
(() => {
  "use strict";
  const MAX_SUGGESTIONS = 8;
  const ASSET_TRIGGER = /\[\[([^[\]\n]{0,80})$/;
  const PERSON_TRIGGER = /(?:^|[^\w@/.])@([A-Za-z0-9_.+-]{1,150})$/;
  const MENTIONABLE = /^[\w$-]+(\.[\w$-]+){1,2}$/;
  let counter = 0;

  const searchUrl = () => {
    const box = document.querySelector("[data-search-box]");
    return box ? box.dataset.autocompleteUrl : "";
  };
  // The people list lives next to the search autocomplete under the same API root.
  const peopleUrl = (url) => url.replace(/search\/autocomplete\/?$/, "discussions/people/");

  const attach = (textarea) => {
    if (textarea.dataset.mentionsReady) return;
    textarea.dataset.mentionsReady = "1";
    const baseUrl = searchUrl();
    if (!baseUrl) return;
    const listId = `mention-suggestions-${++counter}`;
    const list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions mention-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Mention suggestions");
    list.hidden = true;
    textarea.insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);
    textarea.setAttribute("aria-expanded", "false");
    let items = [];
    let active = -1;
    let trigger = null; // {start, kind}
    let timer = null;
    let controller = null;

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      trigger = null;
      textarea.setAttribute("aria-expanded", "false");
      textarea.removeAttribute("aria-activedescendant");
    };

    const select = (index) => {
      const options = list.querySelectorAll("[role=option]");
      options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
      active = index;
      if (index >= 0 && options[index]) {
        textarea.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    };

    const insert = (index) => {
      const item = items[index];
      if (!item || !trigger) return;
      const caret = textarea.selectionStart;
      const before = textarea.value.slice(0, trigger.start);
      let after = textarea.value.slice(caret);
      if (trigger.kind === "asset" && after.startsWith("]]")) after = after.slice(2);
      const text = trigger.kind === "asset" ? `[[${item.value}]]` : `@${item.value} `;
      textarea.value = before + text + after;
      const position = before.length + text.length;
      textarea.setSelectionRange(position, position);
      close();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
    };

    const render = (found) => {
      list.replaceChildren();
      items = found.slice(0, MAX_SUGGESTIONS);
      if (!items.length) {
        close();
        return;
      }
      items.forEach((item, i) => {
        const li = document.createElement("li");
        li.id = `${listId}-${i}`;
        li.className = "suggestion";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        const type = document.createElement("span");
        type.className = "badge type";
        type.textContent = item.label;
        const name = document.createElement("span");
        name.className = "suggestion-name";
        name.textContent = item.value; // text nodes only: nothing from the server is parsed as HTML
        li.append(type, " ", name);
        if (item.hint) {
          const hint = document.createElement("span");
          hint.className = "suggestion-path muted";
          hint.textContent = ` ${item.hint}`;
          li.append(hint);
        }
        li.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus (and the caret) in the textarea
          insert(i);
        });
        list.append(li);
      });
      list.hidden = false;
      textarea.setAttribute("aria-expanded", "true");
      select(0);
    };

    const lookup = async (kind, q) => {
      if (controller) controller.abort();
      controller = new AbortController();
      const url =
        kind === "asset"
          ? `${baseUrl}?limit=20&q=${encodeURIComponent(q)}`
          : `${peopleUrl(baseUrl)}?q=${encodeURIComponent(q)}`;
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller.signal,
        });
        if (!response.ok) return close();
        const data = await response.json();
        if (!trigger || trigger.kind !== kind) return;
        if (kind === "asset") {
          const found = data.filter(
            (s) => s.type !== "source" && s.type !== "schema" && MENTIONABLE.test(s.qualified_name || ""),
          );
          // Two sources with the same schema.table: name the source ("[[slug/schema.table]]").
          const seen = {};
          found.forEach((s) => (seen[s.qualified_name] = (seen[s.qualified_name] || 0) + 1));
          render(
            found.map((s) => ({
              value: seen[s.qualified_name] > 1 && s.source ? `${s.source}/${s.qualified_name}` : s.qualified_name,
              label: s.type_label,
              hint: s.path,
            })),
          );
        } else {
          render(data.map((p) => ({ value: p.username, label: "person", hint: p.name })));
        }
      } catch (error) {
        if (error.name !== "AbortError") close();
      }
    };

    const onInput = () => {
      const caret = textarea.selectionStart;
      if (caret !== textarea.selectionEnd) return close();
      const head = textarea.value.slice(Math.max(0, caret - 200), caret);
      const asset = ASSET_TRIGGER.exec(head);
      const person = asset ? null : PERSON_TRIGGER.exec(head);
      const match = asset || person;
      const q = match ? match[1].trim() : "";
      if (!match || !q) return close();
      const kind = asset ? "asset" : "person";
      const typed = asset ? `[[${match[1]}` : `@${match[1]}`;
      trigger = { kind, start: caret - typed.length };
      clearTimeout(timer);
      timer = setTimeout(() => lookup(kind, q), 150);
    };

    textarea.addEventListener("input", onInput);
    textarea.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        select((active - 1 + items.length) % items.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        insert(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    textarea.addEventListener("blur", () => setTimeout(close, 150));
  };

  // --- hover cards -------------------------------------------------------------------------------

  const MAX_CARDS = 100;
  const cards = new Map(); // url -> promise of the card's data (null: nothing to show)
  let card = null;
  let showTimer = null;

  const cardData = (url) => {
    if (!cards.has(url)) {
      if (cards.size >= MAX_CARDS) cards.delete(cards.keys().next().value); // oldest first
      cards.set(
        url,
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null),
      );
    }
    return cards.get(url);
  };

  const hideCard = () => {
    clearTimeout(showTimer);
    if (card) {
      const owner = document.querySelector(`[aria-describedby="${card.id}"]`);
      if (owner) owner.removeAttribute("aria-describedby");
      card.remove();
      card = null;
    }
  };

  const buildCard = (data) => {
    const box = document.createElement("div");
    box.id = "mention-card";
    box.className = "hovercard";
    box.setAttribute("role", "tooltip");
    const head = document.createElement("div");
    head.className = "hovercard-head";
    const type = document.createElement("span");
    type.className = "badge type";
    type.textContent = data.type_label;
    const name = document.createElement("strong");
    name.textContent = data.name;
    head.append(type, " ", name);
    for (const badge of data.badges || []) {
      const mark = document.createElement("span");
      mark.className = `badge ${badge.facet} ${badge.value}`;
      mark.textContent = badge.value;
      head.append(" ", mark);
    }
    if (data.removed) {
      const removed = document.createElement("span");
      removed.className = "badge removed";
      removed.textContent = "removed";
      head.append(" ", removed);
    }
    box.append(head);
    if (data.title) {
      const title = document.createElement("div");
      title.className = "hovercard-title";
      title.textContent = data.title;
      box.append(title);
    }
    const text = document.createElement("p");
    text.className = data.description ? "hovercard-text" : "hovercard-text muted";
    text.textContent = data.description || "No description yet.";
    box.append(text);
    return box;
  };

  const showCard = (link) => {
    clearTimeout(showTimer);
    showTimer = setTimeout(async () => {
      const data = await cardData(link.dataset.card);
      if (!data || !link.isConnected) return;
      hideCard();
      card = buildCard(data);
      document.body.append(card);
      const rect = link.getBoundingClientRect();
      card.style.left = `${Math.max(4, rect.left + window.scrollX)}px`;
      card.style.top = `${rect.bottom + window.scrollY + 4}px`;
      link.setAttribute("aria-describedby", card.id);
    }, 200);
  };

  const mentionOf = (target) => (target instanceof Element ? target.closest("a.mention[data-card]") : null);

  document.addEventListener("mouseover", (event) => {
    const link = mentionOf(event.target);
    if (link) showCard(link);
  });
  document.addEventListener("mouseout", (event) => {
    if (mentionOf(event.target) && !mentionOf(event.relatedTarget)) hideCard();
  });
  document.addEventListener("focusin", (event) => {
    const link = mentionOf(event.target);
    if (link) showCard(link);
  });
  document.addEventListener("focusout", (event) => {
    if (mentionOf(event.target)) hideCard();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && card) hideCard();
  });

  const start = () => document.querySelectorAll("textarea[data-markdown]").forEach(attach);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
