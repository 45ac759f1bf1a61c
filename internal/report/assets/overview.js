// The overview's matrix: filter, sort and page the documents' rows. Every
// text from a document goes into the page as text (textContent), never as
// markup.
(function () {
  "use strict";
  var docs = window.BX.docs, types = window.BX.types;
  var PAGE = 100;
  var SYM = { T: "✓", M: "✗", P: "?", A: "·" };
  var WHAT = { T: "typed", M: "typed; a check found a mismatch", P: "printed but not typed", A: "absent" };
  var state = { prov: "", year: "", status: "", q: "", sort: "f", asc: true, page: 0 };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // the matrix's type columns
  var head = $("matrix-head");
  types.forEach(function (t, i) {
    var th = el("th", "m", t.s);
    th.title = t.l + " (" + t.t + ")";
    th.setAttribute("data-sort", "t" + i);
    th.setAttribute("data-type", t.t);
    head.appendChild(th);
  });

  // the filters' choices
  function fill(id, values) {
    var sel = $(id);
    values.forEach(function (v) {
      var o = el("option", null, v === "" ? "(none)" : v);
      o.value = v === "" ? "\u0000" : String(v);
      sel.appendChild(o);
    });
  }
  function distinct(key) {
    var seen = {}, out = [];
    docs.forEach(function (d) {
      var v = d[key] == null ? "" : d[key];
      if (!(v in seen)) { seen[v] = 1; out.push(v); }
    });
    return out.sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
  }
  fill("f-prov", distinct("p"));
  fill("f-year", distinct("y").filter(function (y) { return y; }).reverse());

  function matches(d) {
    if (state.prov && (state.prov === "\u0000" ? (d.p || "") !== "" : d.p !== state.prov)) return false;
    if (state.year && String(d.y) !== state.year) return false;
    if (state.status === "mismatch") { if (!(d.m > 0)) return false; }
    else if (state.status && d.s !== state.status) return false;
    if (state.q) {
      var q = state.q.toLowerCase();
      if ((d.d || "").toLowerCase().indexOf(q) < 0 && (d.F || "").toLowerCase().indexOf(q) < 0) return false;
    }
    return true;
  }
  var ORDER = { T: 0, M: 1, P: 2, A: 3 };
  function key(d, k) {
    if (k.charAt(0) === "t" && k.length > 1) return ORDER[d.x.charAt(+k.slice(1))];
    var v = d[k];
    if (k === "p") v = (d.p || "") + " " + (d.c || "");
    return v == null ? "" : v;
  }
  function compare(a, b) {
    var x = key(a, state.sort), y = key(b, state.sort);
    var c = x < y ? -1 : x > y ? 1 : 0;
    if (c === 0) c = a.F < b.F ? -1 : a.F > b.F ? 1 : 0;
    return state.asc ? c : -c;
  }

  function row(d) {
    var tr = el("tr");
    tr.setAttribute("data-file", d.F);
    var td = el("td", "file"), a = el("a", null, d.f);
    a.href = d.h; a.title = d.F;
    td.appendChild(a); tr.appendChild(td);
    tr.appendChild(el("td", null, d.d));
    var region = [d.p, d.c].filter(function (s, i, all) { return s && (i === 0 || s !== all[i - 1]); }).join(" ");
    tr.appendChild(el("td", null, region));
    tr.appendChild(el("td", "num", d.y || ""));
    tr.appendChild(el("td", null, d.k));
    var st = el("td"), b = el("span", "badge " + (d.s === "ok" ? "b-ok" : d.s === "failed" ? "b-bad" : "b-warn"), d.s);
    if (d.E) { b.title = (d.e ? d.e + ": " : "") + d.E; }
    st.appendChild(b); tr.appendChild(st);
    tr.appendChild(el("td", "num", d.n.toLocaleString("en-US")));
    tr.appendChild(el("td", "num" + (d.m > 0 ? " m-M" : ""), d.m));
    for (var i = 0; i < types.length; i++) {
      var c = d.x.charAt(i) || "A";
      var cell = el("td", "m m-" + c, SYM[c]);
      cell.title = types[i].l + ": " + WHAT[c];
      cell.setAttribute("data-type", types[i].t);
      cell.setAttribute("data-state", c);
      tr.appendChild(cell);
    }
    return tr;
  }

  function render() {
    var rows = docs.filter(matches).sort(compare);
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * PAGE, to = Math.min(rows.length, from + PAGE);
    var body = $("matrix-body"), frag = document.createDocumentFragment();
    for (var i = from; i < to; i++) frag.appendChild(row(rows[i]));
    body.textContent = "";
    body.appendChild(frag);
    $("f-count").textContent = rows.length + " of " + docs.length + " documents";
    $("pg-info").textContent = rows.length ? (from + 1) + "–" + to + " of " + rows.length + " (page " + (state.page + 1) + " of " + pages + ")" : "no document matches";
    $("pg-prev").disabled = state.page === 0;
    $("pg-next").disabled = state.page >= pages - 1;
    var ths = head.querySelectorAll("th[data-sort]");
    for (var j = 0; j < ths.length; j++) {
      var on = ths[j].getAttribute("data-sort") === state.sort;
      ths[j].classList.toggle("sorted", on);
      ths[j].classList.toggle("asc", on && state.asc);
    }
  }

  head.addEventListener("click", function (e) {
    var th = e.target.closest("th[data-sort]");
    if (!th) return;
    var k = th.getAttribute("data-sort");
    if (state.sort === k) state.asc = !state.asc; else { state.sort = k; state.asc = !(k === "n" || k === "m" || k === "y"); }
    state.page = 0; render();
  });
  [["f-prov", "prov"], ["f-year", "year"], ["f-status", "status"]].forEach(function (p) {
    $(p[0]).addEventListener("change", function () { state[p[1]] = this.value; state.page = 0; render(); });
  });
  $("f-q").addEventListener("input", function () { state.q = this.value.trim(); state.page = 0; render(); });
  $("pg-prev").addEventListener("click", function () { state.page--; render(); });
  $("pg-next").addEventListener("click", function () { state.page++; render(); });
  render();
})();
