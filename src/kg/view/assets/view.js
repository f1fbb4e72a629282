/* kg view: the page's own script. Every text that comes from the graph reaches the page
   through textContent or vis-network's canvas labels, never as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var LABEL_MAX = 32;     // characters of a name drawn on the canvas; the panel shows it whole
  var RESULTS_MAX = 15;   // search results listed at once
  var BIG = 600;          // past this many nodes: no edge labels while dragging, plainer layout

  // Vietnamese folded for search: no tone or vowel marks, đ as d, lower case, single spaces,
  // so that "Son La" and "sơn la" both find "Sơn La".
  function fold(text) {
    return String(text).normalize("NFD").replace(/\p{M}/gu, "").replace(/[đĐ]/g, "d")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function short(name) {
    var chars = Array.from(name);
    return chars.length > LABEL_MAX ? chars.slice(0, LABEL_MAX - 1).join("") + "…" : name;
  }

  var status = document.getElementById("status");
  function setText(node, text) { node.textContent = text; }

  var nodes = data.nodes, types = data.types;
  var hiddenTypes = new Set();
  var ego = null;          // {center, hops, ids: Set} while showing a neighbourhood
  var selected = null;
  var neighbours = nodes.map(function () { return []; });
  data.edges.forEach(function (e) { neighbours[e.f].push(e.t); neighbours[e.t].push(e.f); });
  var keys = nodes.map(function (n) {
    return [fold(n.name)].concat(n.alt.map(fold));
  });

  // ---- the network ----------------------------------------------------------------------
  var nodeSet = new vis.DataSet(nodes.map(function (n, i) {
    var t = types[n.type];
    return {id: i, label: short(n.name), shape: t.shape, color: {background: t.color, border: "#444",
            highlight: {background: t.color, border: "#000"}, hover: {background: t.color, border: "#000"}}};
  }));
  var edgeSet = new vis.DataSet(data.edges.map(function (e, i) {
    return {id: i, from: e.f, to: e.t, label: e.l};
  }));
  function isVisible(id) {
    if (ego) return ego.ids.has(id);
    return !hiddenTypes.has(nodes[id].type);
  }
  var nodeView = new vis.DataView(nodeSet, {filter: function (n) { return isVisible(n.id); }});
  var big = nodes.length > BIG;
  // handlers first, data second: a small graph can settle within setData itself
  var network = new vis.Network(document.getElementById("graph"), {}, {
    layout: {randomSeed: 7, improvedLayout: nodes.length <= 150},
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -45, springLength: 90, avoidOverlap: 0.2},
      stabilization: {enabled: true, iterations: big ? 150 : 250, updateInterval: 20, fit: true}
    },
    interaction: {hover: true, hideEdgesOnDrag: big, hideEdgesOnZoom: big},
    nodes: {size: 12, borderWidth: 1, font: {size: 13, face: "DejaVu Sans, sans-serif", color: "#222"}},
    edges: {
      arrows: {to: {enabled: true, scaleFactor: 0.45}}, smooth: false, width: 1,
      color: {color: "#c8c8c8", highlight: "#333", hover: "#777"},
      font: {size: 9, color: "#777", strokeWidth: 3, face: "DejaVu Sans, sans-serif"}
    }
  });
  var state = {ready: false};

  function settled() {
    network.setOptions({physics: {enabled: false}});  // a still picture: big graphs stay usable
    state.ready = true;
    state.readyMs = Math.round(performance.now());  // since navigation: how long the page took
    showStatus();
  }
  network.on("stabilizationProgress", function (p) {
    setText(status, "Laying out " + p.iterations + "/" + p.total + "…");
  });
  network.once("stabilizationIterationsDone", settled);
  network.setData({nodes: nodeView, edges: edgeSet});
  if (nodes.length === 0) settled();

  // ---- status line and type filter -------------------------------------------------------
  function visibleCount() { return nodeView.length; }
  function showStatus() {
    var text = visibleCount() + " of " + nodes.length + " nodes shown, " + data.edges.length + " edges";
    if (data.meta.nodes > data.meta.shown) {
      text += "; the graph has " + data.meta.nodes + " nodes, the " + data.meta.shown +
        " best connected are drawn (kg view --max-nodes)";
    }
    if (nodes.length === 0) text = "This graph has no persons, organizations, places, documents or events.";
    setText(status, state.ready ? text : "Laying out…");
  }

  var typeBox = document.getElementById("types");
  types.forEach(function (t, i) {
    var label = el("label"), box = el("input"), swatch = el("span", "swatch");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = t.key;
    box.addEventListener("change", function () {
      if (box.checked) hiddenTypes.delete(i); else hiddenTypes.add(i);
      refresh();
    });
    swatch.style.background = t.color;
    label.append(box, swatch, el("span", "", t.label), el("span", "count", t.count));
    typeBox.append(label);
  });
  function showType(i) {
    if (!hiddenTypes.has(i)) return;
    hiddenTypes.delete(i);
    typeBox.querySelectorAll("input")[i].checked = true;
  }

  function refresh() {
    if (ego) ego.ids = neighbourhood(ego.center, ego.hops);
    nodeView.refresh();
    showStatus();
    showEgoBar();
  }

  // ---- neighbourhood (ego) view ------------------------------------------------------------
  function neighbourhood(center, hops) {
    var ids = new Set([center]), frontier = [center];
    for (var h = 0; h < hops; h++) {
      var next = [];
      frontier.forEach(function (id) {
        neighbours[id].forEach(function (m) {
          if (!ids.has(m) && !hiddenTypes.has(nodes[m].type)) { ids.add(m); next.push(m); }
        });
      });
      frontier = next;
    }
    return ids;
  }
  var egoBar = document.getElementById("ego-bar");
  function showEgoBar() {
    egoBar.hidden = !ego;
    if (ego) {
      setText(document.getElementById("ego-text"), "Neighbourhood of " + nodes[ego.center].name + " (" +
        ego.hops + (ego.hops === 1 ? " hop" : " hops") + "): " + ego.ids.size + " nodes");
    }
  }
  function showEgo(id, hops) {
    showType(nodes[id].type);
    ego = {center: id, hops: hops, ids: new Set()};
    refresh();
    showPanel(id);
    network.setSize("100%", "100%");
    network.fit({nodes: Array.from(ego.ids), animation: false});
    network.selectNodes([id]);
  }
  function exitEgo() {
    ego = null;
    refresh();
    network.fit({animation: false});
    if (selected !== null && isVisible(selected)) network.selectNodes([selected]);
  }
  document.getElementById("ego-exit").addEventListener("click", exitEgo);

  // ---- selecting a node and its panel -------------------------------------------------------
  function selectNode(id) {
    showType(nodes[id].type);
    if (ego && !ego.ids.has(id)) ego = null;
    refresh();
    showPanel(id);
    network.setSize("100%", "100%");  // the panel may have just narrowed the canvas
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.1), animation: {duration: 400}});
  }

  var panel = document.getElementById("panel"), panelBody = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    selected = null;
    network.unselectAll();
  });

  function button(text, action) {
    var b = el("button", "", text);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function showPanel(id) {
    var n = nodes[id], t = types[n.type];
    selected = id;
    panelBody.replaceChildren();
    panelBody.append(el("h2", "name", n.name));
    var typeLine = el("div", "type-line"), swatch = el("span", "swatch");
    swatch.style.background = t.color;
    typeLine.append(swatch, el("span", "", t.label + (n.sub ? " · " + n.sub : "")));
    panelBody.append(typeLine);
    if (n.alt.length) panelBody.append(el("div", "aliases", "Also written: " + n.alt.join("; ")));
    panelBody.append(el("div", "iri", n.id));
    var actions = el("div", "actions");
    actions.append(button("Neighbourhood: 1 hop", function () { showEgo(id, 1); }),
                   button("2 hops", function () { showEgo(id, 2); }));
    if (ego) actions.append(button("Whole graph", exitEgo));
    panelBody.append(actions);
    var groups = data.groups.slice();
    n.facts.forEach(function (f) { if (groups.indexOf(f.g) < 0) groups.push(f.g); });
    groups.forEach(function (g) {
      var facts = n.facts.filter(function (f) { return f.g === g; });
      if (!facts.length) return;
      panelBody.append(el("h3", "", g));
      facts.forEach(function (f) { panelBody.append(factElement(f)); });
    });
    if (!n.facts.length) panelBody.append(el("p", "empty", "No facts about this node in the graph."));
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  function factElement(f) {
    var box = el("div", "fact");
    if (f.t.length) {
      var line = el("div", "fact-text");
      f.t.forEach(function (seg) {
        if (typeof seg === "string") { line.append(document.createTextNode(seg)); return; }
        var target = seg.n;
        var ref = el("button", "ref", nodes[target].name);
        ref.type = "button";
        ref.addEventListener("click", function () { selectNode(target); });
        line.append(ref);
      });
      box.append(line);
    }
    if (f.s.length) {
      var sources = el("div", "sources");
      f.s.forEach(function (si) { sources.append(sourceElement(data.sentences[si])); });
      box.append(sources);
    }
    return box;
  }

  function sourceElement(sentence) {
    var box = el("div", "source");
    box.append(el("span", "sentence", "“" + sentence.text + "”"));
    var article = data.articles[sentence.a];
    if (article) {
      var where = el("span", "headline", "— " + (article.headline || article.id) + (article.date ? " (" + article.date + ")" : ""));
      if (/^https?:\/\//i.test(article.url)) {
        var link = el("a", "", "link");
        link.href = article.url;
        link.rel = "noopener noreferrer";
        link.target = "_blank";
        where.append(" ", link);
      }
      box.append(where);
    }
    return box;
  }

  network.on("click", function (p) {
    if (p.nodes.length) showPanel(p.nodes[0]);
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) showEgo(p.nodes[0], 1);
  });

  // ---- search -----------------------------------------------------------------------------
  var input = document.getElementById("search"), results = document.getElementById("results");
  var found = [], active = 0;

  function search(query) {
    var q = fold(query);
    if (!q) return [];
    var hits = [];
    keys.forEach(function (ks, i) {
      var best = 9, via = -1;
      ks.forEach(function (k, j) {
        var score = k === q ? 0 : k.startsWith(q) ? 1 : k.indexOf(" " + q) >= 0 ? 2 : k.indexOf(q) >= 0 ? 3 : 9;
        if (score < best) { best = score; via = j; }
      });
      if (best < 9) hits.push({id: i, score: best, alias: via > 0 ? nodes[i].alt[via - 1] : null});
    });
    hits.sort(function (a, b) {
      return a.score - b.score || nodes[a.id].name.length - nodes[b.id].name.length ||
        (nodes[a.id].name < nodes[b.id].name ? -1 : nodes[a.id].name > nodes[b.id].name ? 1 : 0);
    });
    return hits;
  }

  function showResults() {
    found = search(input.value).slice(0, RESULTS_MAX);
    active = 0;
    results.replaceChildren();
    found.forEach(function (hit, k) {
      var n = nodes[hit.id], li = el("li"), swatch = el("span", "swatch");
      li.setAttribute("role", "option");
      if (k === active) li.className = "active";
      swatch.style.background = types[n.type].color;
      li.append(swatch, el("span", "name", n.name),
                el("span", "hint", types[n.type].label + (hit.alias ? " · also written " + hit.alias : "")));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(k); });
      results.append(li);
    });
    if (input.value.trim() && !found.length) results.append(el("li", "empty", "No name matches"));
    results.hidden = !input.value.trim();
  }
  function choose(k) {
    if (!found[k]) return;
    results.hidden = true;
    selectNode(found[k].id);
  }
  function moveActive(step) {
    if (!found.length) return;
    active = (active + step + found.length) % found.length;
    Array.from(results.children).forEach(function (li, k) { li.className = k === active ? "active" : ""; });
  }
  input.addEventListener("input", showResults);
  input.addEventListener("focus", function () { if (input.value.trim()) showResults(); });
  input.addEventListener("blur", function () { results.hidden = true; });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { moveActive(1); ev.preventDefault(); }
    else if (ev.key === "ArrowUp") { moveActive(-1); ev.preventDefault(); }
    else if (ev.key === "Enter") { choose(active); ev.preventDefault(); }
    else if (ev.key === "Escape") { results.hidden = true; }
  });

  showStatus();
  // For tests and the browser console: the network and the page's actions.
  window.kgView = {
    network: network, nodes: nodeSet, edges: edgeSet, view: nodeView, data: data, state: state,
    fold: fold, search: function (q) { return search(q).map(function (h) { return h.id; }); },
    select: selectNode, ego: showEgo, exitEgo: exitEgo,
    selected: function () { return selected; }
  };
})();
