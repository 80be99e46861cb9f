// Lineage graph of the table page's Lineage tab: plain SVG, no library.
//
// Layout: layered, left to right. Upstream nodes take negative layers (longest path from the start
// nodes against the edges), downstream nodes positive ones (longest path along them); back edges
// found by a depth-first search are ignored, so cycles cannot loop the layering. Schemas
// ("Source / schema") are groups: past GROUP_THRESHOLD nodes every group starts collapsed into one
// box with its count, and no more than RENDER_CAP boxes are ever drawn ("N more…").
(() => {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_W = 200;
  const NODE_H = 40;
  const LAYER_GAP = 110;
  const ROW_GAP = 14;
  const GROUP_PAD = 8;
  const GROUP_HEAD = 18;
  const GROUP_THRESHOLD = 60;
  const RENDER_CAP = 250;
  const LIST_CAP = 500;
  const KIND_BADGES = {
    table: "table", view: "view", materialized_view: "mat. view", column: "column", external: "external",
  };

  // Trust flags set by stewards, shown on the nodes (the colour says it too, but not only).
  const FLAG_BADGES = { endorsed: "✓ endorsed", warning: "⚠ warning", deprecated: "deprecated" };

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function clip(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  // --- Graph data -----------------------------------------------------------------------------

  class Model {
    constructor() {
      this.nodes = new Map();
      this.edges = new Map();
      this.truncated = false;
    }

    reset(payload) {
      this.nodes.clear();
      this.edges.clear();
      this.level = payload.level;
      this.truncated = false;
      this.merge(payload);
    }

    merge(payload) {
      for (const node of payload.nodes) {
        const known = this.nodes.get(node.id);
        this.nodes.set(node.id, known ? { ...node, start: known.start || node.start } : { ...node });
      }
      for (const edge of payload.edges) {
        const key = `${edge.source}\u0000${edge.target}`;
        const known = this.edges.get(key);
        if (known) {
          known.transformed = known.transformed || edge.transformed;
          known.origins = [...new Set([...known.origins, ...edge.origins])].sort();
        } else {
          this.edges.set(key, { ...edge });
        }
      }
      this.truncated = this.truncated || Boolean(payload.truncated);
    }
  }

  // --- Layout -----------------------------------------------------------------------------------

  // Longest-path layers from `starts`, following `next`; back edges (to a node on the DFS stack)
  // are skipped. Returns Map node → layer (>= 0).
  function longestPath(starts, next) {
    const state = new Map(); // 1: on stack, 2: done
    const back = new Set();
    const order = [];
    for (const start of starts) {
      if (state.has(start)) continue;
      const stack = [[start, 0]];
      state.set(start, 1);
      while (stack.length) {
        const top = stack[stack.length - 1];
        const outs = next.get(top[0]) || [];
        if (top[1] < outs.length) {
          const child = outs[top[1]++];
          const seen = state.get(child);
          if (seen === 1) back.add(`${top[0]}\u0000${child}`);
          else if (!seen) {
            state.set(child, 1);
            stack.push([child, 0]);
          }
        } else {
          state.set(top[0], 2);
          order.push(top[0]);
          stack.pop();
        }
      }
    }
    order.reverse();
    const startSet = new Set(starts);
    const layer = new Map(starts.map((s) => [s, 0]));
    for (const node of order) {
      const base = layer.get(node) || 0;
      for (const child of next.get(node) || []) {
        if (back.has(`${node}\u0000${child}`) || startSet.has(child)) continue;
        if ((layer.get(child) ?? -1) < base + 1) layer.set(child, base + 1);
      }
    }
    return layer;
  }

  function layerNodes(ids, edges, starts) {
    const out = new Map();
    const inc = new Map();
    for (const id of ids) {
      out.set(id, []);
      inc.set(id, []);
    }
    for (const edge of edges) {
      out.get(edge.source).push(edge.target);
      inc.get(edge.target).push(edge.source);
    }
    const roots = starts.length ? starts : [ids[0]];
    const down = longestPath(roots, out);
    const up = longestPath(roots, inc);
    const layer = new Map();
    for (const id of ids) {
      if (down.has(id)) layer.set(id, down.get(id));
      else if (up.has(id)) layer.set(id, -up.get(id));
    }
    // Nodes neither up- nor downstream of the start (reached "sideways" by expanding a node):
    // one layer after a placed parent, or before a placed child.
    let changed = true;
    while (changed) {
      changed = false;
      for (const id of ids) {
        if (layer.has(id)) continue;
        const parent = inc.get(id).find((p) => layer.has(p));
        const child = out.get(id).find((c) => layer.has(c));
        if (parent !== undefined) layer.set(id, layer.get(parent) + 1);
        else if (child !== undefined) layer.set(id, layer.get(child) - 1);
        else continue;
        changed = true;
      }
    }
    for (const id of ids) if (!layer.has(id)) layer.set(id, 0);
    return { layer, out, inc };
  }

  // --- The view ---------------------------------------------------------------------------------

  class LineageGraph {
    constructor(root) {
      this.root = root;
      this.api = root.dataset.api;
      this.table = root.dataset.table;
      this.column = root.dataset.column;
      this.svg = root.querySelector("svg");
      this.status = root.querySelector("[data-lineage-status]");
      this.section = root.closest(".lineage");
      this.controls = this.section.querySelector("[data-lineage-controls]");
      this.edgeList = this.section.querySelector("[data-lineage-edges] tbody");
      const originsNode = document.getElementById("lineage-origins");
      this.originNames = originsNode ? JSON.parse(originsNode.textContent) : {};
      this.model = new Model();
      this.collapsed = new Set();
      this.view = { x: 0, y: 0, k: 1 };
      this.setUpSvg();
      this.bind();
      root.hidden = false;
      this.load(JSON.parse(document.getElementById("lineage-payload").textContent), false);
    }

    setUpSvg() {
      const defs = el("defs", {}, this.svg);
      const marker = el("marker", {
        id: "lineage-arrow", viewBox: "0 0 10 10", refX: "10", refY: "5",
        markerWidth: "8", markerHeight: "8", orient: "auto-start-reverse",
      }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "lineage-arrowhead" }, marker);
      this.viewport = el("g", { class: "lineage-viewport" }, this.svg);
    }

    // Replace the graph (controls changed) or merge into it (a node was expanded).
    load(payload, merge) {
      if (merge) this.model.merge(payload);
      else {
        this.model.reset(payload);
        this.collapsed.clear();
        if (this.model.nodes.size > GROUP_THRESHOLD) {
          for (const node of this.model.nodes.values()) this.collapsed.add(node.group);
        }
      }
      this.render(!merge);
      this.renderList();
    }

    params() {
      const data = new FormData(this.controls);
      const params = new URLSearchParams();
      const column = data.get("column");
      if (column) params.set("column", column);
      else params.set("table", this.table);
      params.set("level", column ? "column" : data.get("level") || "table");
      params.set("direction", data.get("direction") || "both");
      params.set("depth", data.get("depth") || "2");
      return params;
    }

    async fetchGraph(params) {
      this.setStatus("Loading…");
      const response = await fetch(`${this.api}?${params}`, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        this.setStatus(`Could not load the graph (HTTP ${response.status}).`);
        throw new Error(`HTTP ${response.status}`);
      }
      return response.json();
    }

    async refresh() {
      const params = this.params();
      const page = new URLSearchParams(params);
      page.delete("table");
      history.replaceState(null, "", `${location.pathname}?${page}`);
      // Controls changed quickly answer out of order: only the latest request may draw, or an
      // older answer would replace the graph the reader is already working with.
      const ticket = (this.ticket = (this.ticket || 0) + 1);
      const graph = await this.fetchGraph(params);
      if (ticket !== this.ticket) return;
      this.load(graph, false);
      await this.refreshImpact(params);
    }

    // "If this changes…" follows the selection: the chosen column's downstream, else the table's.
    async refreshImpact(params) {
      const box = this.section.querySelector("[data-lineage-impact]");
      const api = this.root.dataset.impactApi;
      if (!box || !api) return;
      const asked = new URLSearchParams();
      if (params.get("column")) asked.set("column", params.get("column"));
      else asked.set("table", this.table);
      const response = await fetch(`${api}?${asked}`, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const found = await response.json();
      const what = asked.has("column") ? "column" : "table";
      const tabUrl = (id) => this.root.dataset.tableUrl.replace("/0/", `/${id}/`);
      box.replaceChildren();
      const para = (text, cls) => { const p = document.createElement("p"); p.className = cls; p.textContent = text; box.append(p); };
      if (!found.tables.length && !found.columns.length && !found.external.length) {
        para(`Nothing recorded reads from this ${what}.`, "empty");
        return;
      }
      para(`Everything downstream of this ${what}, however many hops away.`, "muted");
      if (found.who_to_tell && found.who_to_tell.length) {
        const h = document.createElement("h4");
        h.textContent = "Who to tell";
        const p = document.createElement("p");
        p.className = "who-to-tell";
        found.who_to_tell.forEach((person, i) => {
          const name = document.createElement("strong");
          name.textContent = person.name;
          const note = document.createElement("span");
          note.className = "muted";
          note.textContent = ` ${person.group ? "group" : `@${person.username}`}, steward of ${person.tables} table${person.tables === 1 ? "" : "s"} downstream${i < found.who_to_tell.length - 1 ? ", " : ""}`;
          p.append(name, note);
        });
        box.append(h, p);
      }
      const list = (title, items, link) => {
        if (!items.length) return;
        const h = document.createElement("h4");
        h.textContent = `${title} (${items.length})`;
        const ul = document.createElement("ul");
        ul.className = "assetlist";
        for (const item of items.slice(0, 200)) {
          const li = document.createElement("li");
          const target = link(item);
          const node = document.createElement(target ? "a" : "code");
          node.textContent = item.name || item;
          if (target) node.href = target;
          li.append(node);
          ul.append(li);
        }
        box.append(h, ul);
      };
      list("Tables", found.tables, (t) => tabUrl(t.id));
      list("Columns", found.columns, (c) => `${tabUrl(c.table_id)}?column=${c.id}`);
      list("Outside the catalog", found.external, () => null);
      if (found.truncated) para("More is downstream than is listed here.", "muted");
    }

    async expand(node) {
      const [kind, key] = node.id.split(/:(.*)/s);
      if (kind !== "table" && kind !== "column") return;
      const params = new URLSearchParams({ [kind]: key, depth: "1", direction: "both", level: this.model.level });
      const payload = await this.fetchGraph(params);
      payload.nodes.forEach((n) => { n.start = false; });
      const before = this.model.nodes.size;
      this.model.merge(payload);
      // Newly reached schemas of a big graph stay collapsed, except the one the node is in.
      if (this.model.nodes.size > GROUP_THRESHOLD) {
        for (const n of payload.nodes) if (n.group !== node.group && !this.shownGroups.has(n.group)) this.collapsed.add(n.group);
      }
      this.render(false);
      this.renderList();
      this.setStatus(`${this.summary()} · ${this.model.nodes.size - before} new`);
    }

    // The graph as drawn: collapsed schemas become one node each (start nodes stay themselves).
    visibleGraph() {
      const alias = new Map();
      const nodes = new Map();
      const groups = new Map();
      for (const node of this.model.nodes.values()) {
        if (this.collapsed.has(node.group) && !node.start) {
          const id = `group:${node.group}`;
          if (!groups.has(id)) groups.set(id, { id, label: node.group, group: node.group, kind: "group", count: 0, isGroup: true });
          groups.get(id).count += 1;
          alias.set(node.id, id);
        } else {
          alias.set(node.id, node.id);
          nodes.set(node.id, node);
        }
      }
      for (const [id, group] of groups) nodes.set(id, group);
      const edges = new Map();
      for (const edge of this.model.edges.values()) {
        const source = alias.get(edge.source);
        const target = alias.get(edge.target);
        if (!source || !target || source === target) continue;
        const key = `${source}\u0000${target}`;
        const known = edges.get(key);
        if (known) {
          known.transformed = known.transformed || edge.transformed;
          known.count += 1;
        } else edges.set(key, { source, target, transformed: edge.transformed, origins: edge.origins, count: 1 });
      }
      return { nodes, edges: [...edges.values()] };
    }

    layout(graph) {
      const ids = [...graph.nodes.keys()];
      const starts = ids.filter((id) => graph.nodes.get(id).start);
      const { layer, out, inc } = layerNodes(ids, graph.edges, starts);
      // Draw the nodes nearest the start first; past the cap, say how many are left out.
      const distance = (id) => Math.abs(layer.get(id));
      const shown = ids
        .slice()
        .sort((a, b) => distance(a) - distance(b) || (graph.nodes.get(b).start ? 1 : 0) - (graph.nodes.get(a).start ? 1 : 0))
        .slice(0, RENDER_CAP);
      const shownSet = new Set(shown);
      const layers = new Map();
      for (const id of shown) {
        const l = layer.get(id);
        if (!layers.has(l)) layers.set(l, []);
        layers.get(l).push(id);
      }
      const keys = [...layers.keys()].sort((a, b) => a - b);
      // Order each layer by schema, then by the mean row of its neighbours (fewer crossings).
      const row = new Map();
      const order = (l, neighbours) => {
        const list = layers.get(l);
        const score = (id) => {
          const rows = neighbours.get(id).filter((n) => row.has(n)).map((n) => row.get(n));
          return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : 0;
        };
        const groupScore = new Map();
        for (const id of list) {
          const g = graph.nodes.get(id).group;
          groupScore.set(g, Math.min(groupScore.get(g) ?? Infinity, score(id)));
        }
        list.sort((a, b) => {
          const ga = graph.nodes.get(a).group;
          const gb = graph.nodes.get(b).group;
          return groupScore.get(ga) - groupScore.get(gb) || ga.localeCompare(gb) || score(a) - score(b)
            || graph.nodes.get(a).label.localeCompare(graph.nodes.get(b).label);
        });
        list.forEach((id, i) => row.set(id, i));
      };
      const zero = keys.indexOf(0) >= 0 ? keys.indexOf(0) : 0;
      for (let i = zero; i < keys.length; i++) order(keys[i], inc);
      for (let i = zero - 1; i >= 0; i--) order(keys[i], out);
      const pos = new Map();
      const boxes = [];
      for (const l of keys) {
        let y = 0;
        let current = null;
        const x = l * (NODE_W + LAYER_GAP);
        for (const id of layers.get(l)) {
          const node = graph.nodes.get(id);
          const grouped = !node.isGroup;
          if (grouped && (!current || current.group !== node.group)) {
            if (current) y += GROUP_PAD + ROW_GAP;
            current = { group: node.group, x: x - GROUP_PAD, y, w: NODE_W + 2 * GROUP_PAD, h: 0 };
            boxes.push(current);
            y += GROUP_HEAD;
          } else if (!grouped && current) {
            y += GROUP_PAD + ROW_GAP;
            current = null;
          }
          pos.set(id, { x, y });
          y += NODE_H + ROW_GAP;
          if (current) current.h = y - ROW_GAP + GROUP_PAD - current.y;
        }
      }
      // Centre the layers on each other vertically.
      const heights = new Map();
      for (const l of keys) {
        const last = layers.get(l)[layers.get(l).length - 1];
        heights.set(l, pos.get(last).y + NODE_H);
      }
      const tallest = Math.max(...heights.values());
      for (const l of keys) {
        const shift = (tallest - heights.get(l)) / 2;
        for (const id of layers.get(l)) pos.get(id).y += shift;
        for (const box of boxes) if (box.x === l * (NODE_W + LAYER_GAP) - GROUP_PAD && !box.shifted) {
          box.y += shift;
          box.shifted = true;
        }
      }
      return { pos, boxes, shownSet, hidden: ids.length - shown.length };
    }

    render(fit) {
      const graph = this.visibleGraph();
      const { pos, boxes, shownSet, hidden } = this.layout(graph);
      this.hidden = hidden;
      this.shownGroups = new Set([...this.model.nodes.values()].filter((n) => !this.collapsed.has(n.group)).map((n) => n.group));
      this.viewport.replaceChildren();
      const groupLayer = el("g", { class: "lineage-groups" }, this.viewport);
      const edgeLayer = el("g", { class: "lineage-edges-svg" }, this.viewport);
      const nodeLayer = el("g", { class: "lineage-nodes" }, this.viewport);
      for (const box of boxes) {
        const g = el("g", { class: "lineage-group", "data-group": box.group }, groupLayer);
        el("rect", { x: box.x, y: box.y, width: box.w, height: box.h, rx: 8 }, g);
        const head = el("text", { x: box.x + 8, y: box.y + 13, class: "lineage-group-label" }, g);
        head.textContent = clip(box.group, 30);
        const button = el("text", { x: box.x + box.w - 10, y: box.y + 13, class: "lineage-group-collapse", "text-anchor": "end", role: "button", tabindex: "0" }, g);
        button.textContent = "−";
        el("title", {}, button).textContent = `Collapse ${box.group}`;
        const collapse = (event) => {
          event.stopPropagation();
          this.collapsed.add(box.group);
          this.render(false);
        };
        button.addEventListener("click", collapse);
        button.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") collapse(e); });
      }
      for (const edge of graph.edges) {
        if (!shownSet.has(edge.source) || !shownSet.has(edge.target)) continue;
        const a = pos.get(edge.source);
        const b = pos.get(edge.target);
        const x1 = a.x + NODE_W;
        const y1 = a.y + NODE_H / 2;
        const x2 = b.x;
        const y2 = b.y + NODE_H / 2;
        const bend = Math.max(50, Math.abs(x2 - x1) / 2);
        // An edge against the flow (a cycle, or a collapsed schema feeding one to its left) loops
        // below its ends instead of cutting back through the boxes.
        const back = x2 <= x1;
        const drop = back ? Math.max(y1, y2) + NODE_H + 30 : 0;
        const d = back
          ? `M ${x1} ${y1} C ${x1 + 60} ${drop}, ${x2 - 60} ${drop}, ${x2} ${y2}`
          : `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
        const path = el("path", {
          d,
          class: `lineage-edge${edge.transformed ? " transformed" : ""}${back ? " back" : ""}`,
          "marker-end": "url(#lineage-arrow)",
          "data-source": edge.source,
          "data-target": edge.target,
        }, edgeLayer);
        const origins = (edge.origins || []).map((o) => this.originNames[o] || o).join(", ");
        el("title", {}, path).textContent = `${this.labelOf(graph, edge.source)} → ${this.labelOf(graph, edge.target)}`
          + `${origins ? ` (${origins})` : ""}${edge.transformed ? ", transformed" : ""}${edge.count > 1 ? `, ${edge.count} edges` : ""}`;
      }
      for (const id of shownSet) this.drawNode(nodeLayer, graph.nodes.get(id), pos.get(id));
      this.setStatus(this.summary());
      if (fit) this.fit();
      else this.applyView();
    }

    labelOf(graph, id) {
      const node = graph.nodes.get(id);
      return node.isGroup ? `${node.label} (${node.count})` : node.label;
    }

    drawNode(layer, node, p) {
      const classes = ["lineage-node", `kind-${node.kind}`];
      if (node.start) classes.push("start");
      if (node.flag) classes.push(`flag-${node.flag}`);
      if (node.isGroup) classes.push("group-node");
      const g = el("g", {
        class: classes.join(" "), transform: `translate(${p.x} ${p.y})`, "data-node": node.id,
        tabindex: "0", role: node.isGroup || node.url ? "link" : "img",
      }, layer);
      el("rect", { width: NODE_W, height: NODE_H, rx: 6 }, g);
      const label = el("text", { x: 10, y: 17, class: "lineage-node-label" }, g);
      // Columns: the column's name first, its table under it.
      const dot = node.kind === "column" ? node.label.lastIndexOf(".") : -1;
      label.textContent = clip(dot > 0 ? node.label.slice(dot + 1) : node.label, node.isGroup ? 26 : 23);
      const badge = el("text", { x: 10, y: 32, class: "lineage-node-kind" }, g);
      badge.textContent = node.isGroup
        ? `${node.count} ${this.model.level === "column" ? "column" : "table"}${node.count === 1 ? "" : "s"} · open`
        : (node.flag ? `${FLAG_BADGES[node.flag] || node.flag} · ` : "")
          + (dot > 0 ? clip(`column · ${node.label.slice(0, dot)}`, node.flag ? 20 : 32) : KIND_BADGES[node.kind] || node.kind);
      el("title", {}, g).textContent = node.isGroup
        ? `${node.label}: ${node.count} nodes, click to show them`
        : `${node.label}${node.title ? ` — ${node.title}` : ""} (${node.group})${node.flag ? `\nTrust: ${node.flag}` : ""}${node.url ? "\nClick to open its lineage" : ""}`;
      const activate = () => {
        if (node.isGroup) {
          this.collapsed.delete(node.group);
          this.render(false);
        } else if (node.url) {
          const [kind, key] = node.id.split(/:(.*)/s);
          window.location.href = kind === "column" ? `${node.url}?column=${key}` : node.url;
        }
      };
      g.addEventListener("click", (event) => {
        if (this.dragged) return;
        if (event.detail > 1) return; // the second click of a double-click
        clearTimeout(this.clickTimer);
        this.clickTimer = setTimeout(activate, node.isGroup ? 0 : 250);
      });
      g.addEventListener("keydown", (event) => {
        if (event.key === "Enter") activate();
        if (event.key === "+" && !node.isGroup) this.expand(node);
      });
      if (!node.isGroup && node.kind !== "external") {
        g.addEventListener("dblclick", (event) => {
          event.preventDefault();
          clearTimeout(this.clickTimer);
          this.expand(node);
        });
        const plus = el("g", { class: "lineage-expand", transform: `translate(${NODE_W - 13} 13)`, role: "button", "aria-label": `Show neighbours of ${node.label}` }, g);
        el("circle", { r: 8 }, plus);
        const t = el("text", { "text-anchor": "middle", y: 4.5 }, plus);
        t.textContent = "+";
        el("title", {}, plus).textContent = `Show the neighbours of ${node.label}`;
        plus.addEventListener("click", (event) => {
          event.stopPropagation();
          this.expand(node);
        });
      }
    }

    summary() {
      const parts = [`${this.model.nodes.size} nodes, ${this.model.edges.size} edges`];
      const collapsedGroups = [...this.collapsed].filter((g) => [...this.model.nodes.values()].some((n) => n.group === g && !n.start));
      if (collapsedGroups.length) parts.push(`${collapsedGroups.length} schema${collapsedGroups.length === 1 ? "" : "s"} collapsed`);
      if (this.hidden) parts.push(`${this.hidden} more… (collapse schemas or lower the depth)`);
      if (this.model.truncated) parts.push("cut at the size limit");
      return parts.join(" · ");
    }

    setStatus(text) {
      this.status.textContent = text;
    }

    // The accessible edge list mirrors the graph (capped like the drawing).
    renderList() {
      if (!this.edgeList) return;
      const rows = [];
      const cell = (node) => {
        const td = document.createElement("td");
        if (node.url) {
          const a = document.createElement("a");
          const [kind, key] = node.id.split(/:(.*)/s);
          a.href = kind === "column" ? `${node.url}?column=${key}` : node.url;
          a.textContent = node.label;
          td.appendChild(a);
        } else td.appendChild(document.createTextNode(node.label));
        const group = document.createElement("span");
        group.className = "muted";
        group.textContent = ` ${node.group}${node.flag ? ` · ${node.flag}` : ""}`;
        td.appendChild(group);
        return td;
      };
      let count = 0;
      for (const edge of this.model.edges.values()) {
        if (count++ >= LIST_CAP) break;
        const tr = document.createElement("tr");
        tr.appendChild(cell(this.model.nodes.get(edge.source)));
        tr.appendChild(cell(this.model.nodes.get(edge.target)));
        const origin = document.createElement("td");
        origin.textContent = edge.origins.map((o) => this.originNames[o] || o).join(", ");
        const transformed = document.createElement("td");
        transformed.textContent = edge.transformed ? "yes" : "no";
        tr.append(origin, transformed);
        rows.push(tr);
      }
      if (this.model.edges.size > LIST_CAP) {
        const tr = document.createElement("tr");
        const td = document.createElement("td");
        td.colSpan = 4;
        td.className = "muted";
        td.textContent = `${this.model.edges.size - LIST_CAP} more edges not listed.`;
        tr.appendChild(td);
        rows.push(tr);
      }
      this.edgeList.replaceChildren(...rows);
    }

    // --- Pan and zoom ---------------------------------------------------------------------------

    applyView() {
      this.viewport.setAttribute("transform", `translate(${this.view.x} ${this.view.y}) scale(${this.view.k})`);
    }

    zoomAt(factor, cx, cy) {
      const k = Math.min(3, Math.max(0.1, this.view.k * factor));
      const real = k / this.view.k;
      this.view.x = cx - (cx - this.view.x) * real;
      this.view.y = cy - (cy - this.view.y) * real;
      this.view.k = k;
      this.applyView();
    }

    fit() {
      this.view = { x: 0, y: 0, k: 1 };
      this.applyView();
      const box = this.viewport.getBBox();
      const width = this.svg.clientWidth || 800;
      const height = this.svg.clientHeight || 480;
      if (!box.width || !box.height) return;
      // Fit, but never so small the labels cannot be read: a taller graph starts at its top.
      const k = Math.min(1.2, Math.max(0.45, Math.min((width - 40) / box.width, (height - 40) / box.height)));
      this.view = {
        k,
        x: box.width * k < width ? (width - box.width * k) / 2 - box.x * k : 20 - box.x * k,
        y: box.height * k < height ? (height - box.height * k) / 2 - box.y * k : 20 - box.y * k,
      };
      this.applyView();
    }

    bind() {
      this.root.querySelectorAll("[data-zoom]").forEach((button) => {
        button.addEventListener("click", () => {
          const mode = button.dataset.zoom;
          if (mode === "fit") this.fit();
          else this.zoomAt(mode === "in" ? 1.25 : 0.8, this.svg.clientWidth / 2, this.svg.clientHeight / 2);
        });
      });
      this.root.querySelectorAll("[data-groups]").forEach((button) => {
        button.addEventListener("click", () => {
          this.collapsed.clear();
          if (button.dataset.groups === "collapse") for (const n of this.model.nodes.values()) this.collapsed.add(n.group);
          this.render(true);
        });
      });
      this.svg.addEventListener("wheel", (event) => {
        event.preventDefault();
        const rect = this.svg.getBoundingClientRect();
        this.zoomAt(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - rect.left, event.clientY - rect.top);
      }, { passive: false });
      let drag = null;
      this.svg.addEventListener("pointerdown", (event) => {
        if (event.button !== 0) return;
        drag = { x: event.clientX, y: event.clientY, vx: this.view.x, vy: this.view.y, moved: false };
        this.dragged = false;
      });
      this.svg.addEventListener("pointermove", (event) => {
        if (!drag) return;
        const dx = event.clientX - drag.x;
        const dy = event.clientY - drag.y;
        if (!drag.moved && Math.hypot(dx, dy) < 4) return;
        if (!drag.moved) {
          drag.moved = true;
          this.svg.setPointerCapture(event.pointerId);
          this.svg.classList.add("panning");
        }
        this.dragged = true;
        this.view.x = drag.vx + dx;
        this.view.y = drag.vy + dy;
        this.applyView();
      });
      const end = () => {
        drag = null;
        this.svg.classList.remove("panning");
        // Let the click that ends a drag see `dragged`, then forget it.
        setTimeout(() => { this.dragged = false; }, 0);
      };
      this.svg.addEventListener("pointerup", end);
      this.svg.addEventListener("pointercancel", end);
      // Controls: fetch instead of reloading the page (the form still works without script).
      this.controls.addEventListener("change", (event) => {
        if (event.target.name === "column" && event.target.value) {
          this.controls.querySelector('input[name="level"][value="column"]').checked = true;
        }
        if (event.target.name === "level" && event.target.value === "table") {
          this.controls.querySelector('select[name="column"]').value = "";
        }
        this.refresh().catch(() => {});
      });
      this.controls.addEventListener("submit", (event) => {
        event.preventDefault();
        this.refresh().catch(() => {});
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-lineage-graph]").forEach((root) => {
      root.lineageGraph = new LineageGraph(root);
    });
  });
})();
