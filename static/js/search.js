// Autocomplete for the header search box: an ARIA combobox with a listbox of suggestions.
// Arrows move, Enter opens the highlighted asset (or searches), Escape closes. Without this
// script the box still submits to the results page.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("[data-search-box]");
  const list = document.getElementById("search-suggestions");
  if (!input || !list || !input.dataset.autocompleteUrl) return;
  const combobox = input.closest("[data-search-combobox]");
  const form = input.form;
  let items = [];
  let active = -1;
  let timer = null;
  let controller = null;

  const setExpanded = (open) => {
    list.hidden = !open;
    if (combobox) combobox.setAttribute("aria-expanded", String(open));
    if (!open) {
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
  };

  const highlight = (text, words) => {
    // Built from text nodes only: nothing from the server is ever parsed as HTML.
    const span = document.createElement("span");
    if (!words.length) {
      span.textContent = text;
      return span;
    }
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const pattern = new RegExp(`(${escaped.join("|")})`, "ig");
    text.split(pattern).forEach((part, i) => {
      if (i % 2 === 1) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        span.appendChild(mark);
      } else if (part) {
        span.appendChild(document.createTextNode(part));
      }
    });
    return span;
  };

  const select = (index) => {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  };

  const render = (suggestions, q) => {
    const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);
    list.replaceChildren();
    items = suggestions.map((s) => ({ label: s.name, url: s.url, suggestion: s }));
    items.push({ label: `Search for “${q}”`, url: `${form.action}?q=${encodeURIComponent(q)}`, all: true });
    items.forEach((item, i) => {
      const li = document.createElement("li");
      li.id = `search-suggestion-${i}`;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = item.all ? "suggestion all" : "suggestion";
      if (item.all) {
        li.textContent = item.label;
      } else {
        const s = item.suggestion;
        const type = document.createElement("span");
        type.className = "badge type";
        type.textContent = s.type_label;
        const name = highlight(s.name, words);
        name.className = "suggestion-name";
        li.append(type, " ", name);
        for (const badge of s.badges || []) {
          const mark = document.createElement("span");
          mark.className = `badge ${badge.facet} ${badge.value}`;
          mark.dataset.facet = badge.facet;
          mark.textContent = badge.value;
          li.append(" ", mark);
        }
        if (s.title) {
          const title = document.createElement("span");
          title.className = "suggestion-title";
          title.textContent = s.title;
          li.append(" ", title);
        }
        if (s.path) {
          const path = document.createElement("span");
          path.className = "suggestion-path muted";
          path.textContent = s.path;
          li.append(" ", path);
        }
      }
      li.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep focus; navigate on click
        window.location.assign(item.url);
      });
      list.appendChild(li);
    });
    setExpanded(true);
  };

  const fetchSuggestions = async () => {
    const q = input.value.trim();
    if (q.length < 2) {
      setExpanded(false);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = `${input.dataset.autocompleteUrl}?q=${encodeURIComponent(q)}`;
      const response = await fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal });
      if (!response.ok || input.value.trim() !== q) return;
      render(await response.json(), q);
    } catch (error) {
      if (error.name !== "AbortError") setExpanded(false);
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && items.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) fetchSuggestions();
      else select((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      if (!open) return;
      event.preventDefault();
      select(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter") {
      if (open && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setExpanded(false);
      }
    }
  });
  input.addEventListener("blur", () => setTimeout(() => setExpanded(false), 150));
});
