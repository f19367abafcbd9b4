"""The HTML replay viewer: one self-contained file, no network.

The campaign's days are embedded as JSON; a small script draws the theatre as SVG and, for
the day on the slider, colours every place by its holder, rings the contested ones, places the
units with their strength, and lists the day's events (with their seed lines), the units and
the holders. Play and step buttons move the slider; a toggle switches between the recorded and
an adjudicated run when both are given, and the title follows it. A legend names the holders'
colours and the unit symbols, a scale bar gives the km, and every place and unit has a
tooltip. Where a band of many adjudicated runs is given (:func:`band`), the adjudicated view
colours each place by the side that holds it in most runs, as strongly as that share, and
gives each place's shares and each side's losses (median and 10-90 %) day by day: the
engine's spread, not one seed's story.

Everything from the scenario reaches the page only as JSON data (with ``<``, ``>`` and ``&``
escaped) and is put on the page with ``textContent``, never as markup: a place named
``<script>`` is shown, not run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from engine.pictures.mapdraw import detail_box, map_points
from engine.play.campaign import History
from engine.play.replayfile import ReplayFile
from engine.sim.events import MAP, shown
from engine.sim.game import Game
from engine.sim.state import NOWHERE


def frames(game: Game, history: History, rf: ReplayFile | None = None
           ) -> list[dict[str, Any]]:
    """One entry per day played: holders, contested places, units, and the day's events."""
    cal = game.scenario.calendar
    record: dict[int, list[dict[str, str]]] = {}
    for e in rf.events if rf else ():
        record.setdefault(e.last, []).append({"text": e.text, "source": e.cite()})
    engine: dict[int, list[str]] = {}
    for event in shown(history.events, MAP):
        engine.setdefault(event.day, []).append(event.text)
    out = []
    for turn in history.turns:
        st = turn.state
        day = st.day - 1    # the day just played: a branched game starts part-way
        units: list[list[float] | None] = []
        for u in range(len(game.units)):
            if st.place[u] == NOWHERE or st.strength[u] <= 0:
                units.append(None)
                continue
            units.append([st.place[u], st.next[u], round(st.road_share(game, u), 3),
                          st.strength[u]])
        out.append({"date": cal.date_of(day).isoformat(), "holders": list(st.holder),
                    "contested": [int(c) for c in st.contested], "units": units,
                    "record": record.get(day, []), "engine": engine.get(day, []),
                    "fights": sorted({o.place for o in turn.outcomes})})
    return out


def band(game: Game, histories: Sequence[History]) -> dict[str, Any]:
    """What many runs of the same days came to, day by day: for each place the share of
    runs in which each side holds it, and each side's dead (and the civilians killed) as the
    10th, 50th and 90th percentiles over the runs."""
    days = min(len(h.turns) for h in histories)
    out = []
    for d in range(days):
        states = [h.turns[d].state for h in histories]
        held = [[round(sum(st.holder[p] == s for st in states) / len(states), 3)
                 for s in range(len(game.sides))] for p in range(len(game.places))]
        killed = {}
        for side in game.sides:
            values = sorted(st.side_losses(game)[side]["killed"] for st in states)
            killed[side] = [float(np.percentile(values, q)) for q in (10, 50, 90)]
        civilians = [float(np.percentile([sum(st.civilians_killed) for st in states], q))
                     for q in (10, 50, 90)]
        out.append({"held": held, "killed": killed, "civilians": civilians})
    return {"runs": len(histories), "days": out}


def viewer_data(game: Game, title: str, runs: Mapping[str, list[dict[str, Any]]],
                bands: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The page's data: the theatre, and the days of each run by name (the first shown
    first); ``bands``, by run name, the band of many runs that view shows (:func:`band`)."""
    s = game.scenario
    points = map_points(s)
    box = detail_box(points)
    return {
        "title": title,
        "sides": [{"id": sid, "name": s.sides[sid].name, "colour": s.sides[sid].colour}
                  for sid in game.sides],
        "places": [{"id": pid, "name": s.places[pid].name, "type": s.places[pid].type,
                    "x": round(points[pid][0], 3), "y": round(points[pid][1], 3)}
                   for pid in game.places],
        "roads": [[game.theatre.index[r.a], game.theatre.index[r.b], r.road_class]
                  for r in s.roads],
        "units": [{"id": uid, "name": s.units[uid].name, "side": game.unit_side[u],
                   "type": game.unit_type[u]} for u, uid in enumerate(game.units)],
        "detail": list(box) if box else None,
        "runs": dict(runs),
        "bands": dict(bands or {}),
    }


def _safe_json(data: Any) -> str:
    """JSON that cannot end the script element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def viewer_html(data: dict[str, Any]) -> str:
    return PAGE.replace("/*DATA*/", _safe_json(data))


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Replay viewer</title>
<style>
body{font:14px/1.35 sans-serif;margin:0;display:flex;height:100vh}
#left{flex:1;display:flex;flex-direction:column;min-width:0}
#bar{padding:6px 10px;border-bottom:1px solid #ccc;display:flex;gap:8px;align-items:center;flex-wrap:wrap}
#map{flex:1;min-height:0}
svg{width:100%;height:100%;background:#fafaf7}
#side{width:380px;overflow:auto;border-left:1px solid #ccc;padding:8px 10px}
h1{font-size:16px;margin:0 10px 0 0} h2{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;font-size:12px;width:100%}
td,th{border-bottom:1px solid #eee;padding:2px 4px;text-align:left}
.src{color:#777;font-size:11px} #date{font-weight:bold;min-width:90px}
#legend{font-size:12px} #legend span.sw{display:inline-block;width:11px;height:11px;border:1px solid #000;margin:0 4px 0 8px;vertical-align:middle}
#legend svg{width:22px;height:14px;vertical-align:middle;background:none;margin-left:8px}
</style></head><body>
<div id="left"><div id="bar"><h1 id="title"></h1>
<button id="prev" title="previous day">&#9664;</button><button id="play">play</button>
<button id="next" title="next day">&#9654;</button>
<input id="day" type="range" min="0" value="0" step="1"><span id="date"></span>
<span id="modes"></span><button id="zoom">detail</button></div>
<div id="map"><svg id="svg" xmlns="http://www.w3.org/2000/svg"></svg></div></div>
<div id="side"><h2>Legend</h2><div id="legend"></div>
<div id="bandbox" style="display:none"><h2 id="bandtitle"></h2><table id="losses"><thead><tr><th>killed</th><th>10 %</th><th>median</th><th>90 %</th></tr></thead><tbody></tbody></table></div>
<h2>Events</h2><div id="events"></div>
<h2>Units</h2><table id="units"><thead><tr><th>unit</th><th>side</th><th>where</th><th>strength</th></tr></thead><tbody></tbody></table>
<h2>Holders</h2><table id="holders"><thead><tr><th>place</th><th>holder</th><th id="sharehead"></th></tr></thead><tbody></tbody></table></div>
<script type="application/json" id="data">/*DATA*/</script>
<script>
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const NS = "http://www.w3.org/2000/svg";
const svg = document.getElementById("svg"), slider = document.getElementById("day");
let mode = Object.keys(D.runs)[0], timer = null, zoomed = false;
function el(tag, attrs, parent) {
  const e = document.createElementNS(NS, tag);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function text(parent, tag, value, cls) {
  const e = document.createElement(tag); e.textContent = value;
  if (cls) e.className = cls; parent.appendChild(e); return e;
}
function heading() {
  const b = D.bands[mode];
  const t = Object.keys(D.runs).length > 1 ? D.title + " \u2014 " + mode +
    (b ? ": places and losses over every run, units of the first" : "") : D.title;
  document.getElementById("title").textContent = t;
  document.title = t;
}
heading();
function symbolOf(type, colour, x, y, s, parent) {
  const h = 0.65 * s, ink = {stroke: "#000", "stroke-width": s / 20};
  el("rect", Object.assign({x: x, y: y, width: s, height: h, fill: colour}, ink), parent);
  if (type === "infantry") {
    el("line", Object.assign({x1: x, y1: y, x2: x + s, y2: y + h}, ink), parent);
    el("line", Object.assign({x1: x, y1: y + h, x2: x + s, y2: y}, ink), parent);
  } else if (type === "armour") {
    el("ellipse", Object.assign({cx: x + s / 2, cy: y + h / 2, rx: 0.35 * s, ry: 0.18 * s, fill: "none"}, ink), parent);
  } else if (type === "artillery") {
    el("circle", {cx: x + s / 2, cy: y + h / 2, r: 0.1 * s, fill: "#000"}, parent);
  } else if (type === "air") {
    el("polyline", Object.assign({points: [x + 0.2 * s, y + 0.3 * h, x + 0.8 * s, y + 0.7 * h, x + 0.8 * s, y + 0.3 * h,
                                           x + 0.2 * s, y + 0.7 * h, x + 0.2 * s, y + 0.3 * h].join(" "), fill: "none"}, ink), parent);
  } else {
    const m = el("text", {x: x + s / 2, y: y + 0.75 * h, "font-size": 0.5 * s, "text-anchor": "middle", "font-weight": "bold"}, parent);
    m.textContent = {special_forces: "SF", militia: "M"}[type] || "?";
  }
}
(function legend() {
  const lg = document.getElementById("legend");
  const held = text(lg, "div", "held by:");
  for (const s of D.sides) { const sw = text(held, "span", "", "sw"); sw.style.background = s.colour; held.appendChild(document.createTextNode(s.name)); }
  const ring = text(lg, "div", "yellow ring: contested; red ring: fought over today");
  const kinds = text(lg, "div", "units:");
  for (const type of [...new Set(D.units.map(u => u.type))]) {
    const sv = el("svg", {viewBox: "0 0 22 14"}, kinds);
    symbolOf(type, "#ddd", 2, 2, 16, sv);
    kinds.appendChild(document.createTextNode(type.replace("_", " ")));
  }
  text(lg, "div", "beside each unit: its strength (people; air: sorties a day); a stack of counters is drawn clear of the names, a line to its place", "src");
})();
const xs = D.places.map(p => p.x), ys = D.places.map(p => -p.y);
const whole = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
function view() {
  let b = whole;
  if (zoomed && D.detail) b = [D.detail[0], -D.detail[3], D.detail[1], -D.detail[2]];
  const pad = 0.05 * Math.max(b[2] - b[0], b[3] - b[1]);
  svg.setAttribute("viewBox", [b[0] - pad, b[1] - pad, b[2] - b[0] + 2 * pad, b[3] - b[1] + 2 * pad].join(" "));
  scale = (Math.max(b[2] - b[0], b[3] - b[1]) + 2 * pad) / 700;
  draw();
}
let scale = 1;
const width = {highway: 2.6, main_road: 1.8, local_road: 1.0, track: 0.8};
function draw() {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const f = D.runs[mode][+slider.value];
  const g = el("g", {}, svg);
  for (const [a, b, cls] of D.roads) {
    const p = D.places[a], q = D.places[b];
    el("line", {x1: p.x, y1: -p.y, x2: q.x, y2: -q.y, stroke: "#555",
                "stroke-width": width[cls] * scale, "stroke-dasharray": cls === "track" ? 3 * scale : "none"}, g);
  }
  D.places.forEach((p, i) => {
    if (f.contested[i]) el("circle", {cx: p.x, cy: -p.y, r: 9 * scale, fill: "none", stroke: "#f1c40f", "stroke-width": 3 * scale}, g);
    if (f.fights.includes(p.id)) el("circle", {cx: p.x, cy: -p.y, r: 13 * scale, fill: "none", stroke: "#e31a1c", "stroke-width": 2 * scale}, g);
    const band = D.bands[mode] && D.bands[mode].days[+slider.value];
    let colour = D.sides[f.holders[i]].colour, opacity = 1, tip = p.name + ": " + D.sides[f.holders[i]].name + (f.contested[i] ? ", contested" : "");
    if (band) {
      const shares = band.held[i], best = shares.indexOf(Math.max(...shares));
      colour = D.sides[best].colour; opacity = Math.max(0.25, shares[best]);
      tip = p.name + ": " + D.sides.map((s, k) => s.name + " " + Math.round(100 * shares[k]) + "%").join(", ") + " of " + D.bands[mode].runs + " runs";
    }
    const pg = el("g", {class: "place"}, g);
    el("title", {}, pg).textContent = tip;
    const c = el("circle", {cx: p.x, cy: -p.y, r: (p.type === "city" ? 7 : p.type === "village" ? 3.5 : 5) * scale,
                            fill: colour, "fill-opacity": opacity, stroke: "#000", "stroke-width": 0.7 * scale}, pg);
    c.setAttribute("id", "place-" + i);
    const t = el("text", {x: p.x + 7 * scale, y: -p.y - 4 * scale, "font-size": 10 * scale}, g);
    t.textContent = p.name;
  });
  drawStacks(g, f);
  scaleBar(g);
}
// The units as stacks of counters placed as the day map places them (engine/pictures/daymap.py,
// place_stacks): each stack, the biggest first, at the least crowded of the same spots around
// its place (beside, above, below, near first), clear of the labels, the places and the stacks
// already placed, with a leader line that should not run over another place.
function spots(w, h) {
  const out = [];
  for (const gap of [8, 20, 35, 60].map(v => v * scale))
    out.push([gap, -h / 2], [gap, -4 * scale - h], [gap, 4 * scale], [-gap - w, -h / 2], [-gap - w, -4 * scale - h],
             [-gap - w, 4 * scale], [-w / 2, -gap - h], [-w / 2, gap], [gap, -gap - h], [gap, gap], [-gap - w, -gap - h], [-gap - w, gap]);
  return out;
}
function overlap(a, b) {
  return Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
}
function leaderHits(x0, y0, x1, y1, markers) {
  const steps = Math.max(2, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / (3 * scale)));
  let hits = 0;
  for (const m of markers) {
    if (x0 >= m.x && x0 <= m.x + m.w && y0 >= m.y && y0 <= m.y + m.h) continue;
    for (let t = 1; t <= steps; t++) {
      const x = x0 + (x1 - x0) * t / steps, y = y0 + (y1 - y0) * t / steps;
      if (x >= m.x && x <= m.x + m.w && y >= m.y && y <= m.y + m.h) { hits++; break; }
    }
  }
  return hits;
}
function drawStacks(g, f) {
  const taken = [], markers = D.places.map(p => ({x: p.x - 4 * scale, y: -p.y - 4 * scale, w: 8 * scale, h: 8 * scale}));
  for (const t of g.querySelectorAll("text")) { const b = t.getBBox(); taken.push({x: b.x, y: b.y, w: b.width, h: b.height}); }
  taken.push(...markers);
  const stacks = {};
  f.units.forEach((u, i) => {
    if (!u) return;
    const p = D.places[u[0]], q = u[1] >= 0 ? D.places[u[1]] : p;
    const x = p.x + (q.x - p.x) * u[2], y = -(p.y + (q.y - p.y) * u[2]), key = x.toFixed(4) + "," + y.toFixed(4);
    (stacks[key] = stacks[key] || {x: x, y: y, units: []}).units.push(i);
  });
  const s = 12 * scale, row = 0.65 * s + 3 * scale, font = 5 * scale;
  const order = Object.values(stacks).sort((a, b) => b.units.length - a.units.length || a.x - b.x || a.y - b.y);
  for (const st of order) {
    const wide = Math.max(...st.units.map(i => f.units[i][3].toLocaleString("en").length)) * 0.62 * font;
    const w = s + 2 * scale + wide, h = row * st.units.length;
    let best = null;
    for (const [dx, dy] of spots(w, h)) {
      const box = {x: st.x + dx, y: st.y + dy, w: w, h: h};
      const ex = Math.min(Math.max(0, dx), dx + w), ey = Math.min(Math.max(0, dy), dy + h);
      const cost = taken.reduce((c, t) => c + overlap(box, t), 0) + w * h * leaderHits(st.x, st.y, st.x + ex, st.y + ey, markers);
      if (!best || cost < best.cost) best = {cost: cost, box: box, ex: st.x + ex, ey: st.y + ey};
      if (cost === 0) break;
    }
    taken.push(best.box);
    el("line", {x1: st.x, y1: st.y, x2: best.ex, y2: best.ey, stroke: "#333", "stroke-width": 0.5 * scale, class: "leader"}, g);
    st.units.forEach((i, k) => {
      const u = f.units[i], p = D.places[u[0]], ux = best.box.x, uy = best.box.y + k * row;
      const ug = el("g", {class: "unit"}, g);
      el("title", {}, ug).textContent = D.units[i].name + " (" + D.sides[D.units[i].side].name + "): " +
        u[3].toLocaleString("en") + (u[1] >= 0 ? ", on the road to " + D.places[u[1]].name : ", in " + p.name);
      el("rect", {x: ux - scale, y: uy - scale, width: w + 2 * scale, height: row, fill: "#fff", "fill-opacity": 0.8}, ug);
      symbolOf(D.units[i].type, D.sides[D.units[i].side].colour, ux, uy, s, ug);
      const n = el("text", {x: ux + s + 2 * scale, y: uy + 0.5 * s, "font-size": font, class: "strength"}, ug);
      n.textContent = u[3].toLocaleString("en");
    });
  }
}
function scaleBar(g) {
  const box = svg.viewBox.baseVal, km = [1, 2, 5, 10, 20, 50, 100, 200, 500].find(k => k >= box.width / 6) || 500;
  const x = box.x + 0.04 * box.width, y = box.y + 0.96 * box.height;
  const sb = el("g", {id: "scalebar"}, g);
  el("line", {x1: x, y1: y, x2: x + km, y2: y, stroke: "#000", "stroke-width": 2 * scale}, sb);
  const t = el("text", {x: x, y: y - 4 * scale, "font-size": 10 * scale}, sb);
  t.textContent = km + " km";
}
function show() {
  const f = D.runs[mode][+slider.value];
  document.getElementById("date").textContent = f.date;
  heading();
  const b = D.bands[mode], bb = document.getElementById("bandbox");
  bb.style.display = b ? "" : "none";
  if (b) {
    const day = b.days[Math.min(+slider.value, b.days.length - 1)];
    document.getElementById("bandtitle").textContent = "Over " + b.runs + " runs, to the end of " + f.date;
    const lb = document.querySelector("#losses tbody");
    while (lb.firstChild) lb.removeChild(lb.firstChild);
    const rows = Object.entries(day.killed).concat([["civilians", day.civilians]]);
    for (const [who, q] of rows) {
      const tr = document.createElement("tr"); tr.id = "band-" + who; lb.appendChild(tr);
      text(tr, "td", who); for (const v of q) text(tr, "td", Math.round(v).toLocaleString("en"));
    }
  }
  const ev = document.getElementById("events");
  while (ev.firstChild) ev.removeChild(ev.firstChild);
  for (const r of f.record) { const d = text(ev, "div", r.text + " "); text(d, "span", "[" + r.source + "]", "src"); }
  for (const e of f.engine) text(ev, "div", e, "src");
  if (!f.record.length && !f.engine.length) text(ev, "div", "nothing recorded", "src");
  const ub = document.querySelector("#units tbody");
  while (ub.firstChild) ub.removeChild(ub.firstChild);
  f.units.forEach((u, i) => {
    if (!u) return;
    const tr = document.createElement("tr"); ub.appendChild(tr);
    text(tr, "td", D.units[i].id); text(tr, "td", D.sides[D.units[i].side].id);
    text(tr, "td", D.places[u[0]].name + (u[1] >= 0 ? " \\u2192 " + D.places[u[1]].name : ""));
    text(tr, "td", String(u[3]));
  });
  document.getElementById("sharehead").textContent = b ? "held in the runs" : "";
  const hb = document.querySelector("#holders tbody");
  while (hb.firstChild) hb.removeChild(hb.firstChild);
  D.places.forEach((p, i) => {
    const tr = document.createElement("tr"); tr.id = "holder-" + p.id; hb.appendChild(tr);
    text(tr, "td", p.name);
    text(tr, "td", D.sides[f.holders[i]].id + (f.contested[i] ? " (contested)" : ""), "holder");
    if (b) text(tr, "td", D.sides.map((s, k) => s.id + " " + Math.round(100 * b.days[Math.min(+slider.value, b.days.length - 1)].held[i][k]) + "%").join(", "), "share");
  });
  draw();
}
slider.max = D.runs[mode].length - 1;
slider.addEventListener("input", show);
document.getElementById("prev").onclick = () => { slider.value = Math.max(0, +slider.value - 1); show(); };
document.getElementById("next").onclick = () => { slider.value = Math.min(+slider.max, +slider.value + 1); show(); };
document.getElementById("play").onclick = (e) => {
  if (timer) { clearInterval(timer); timer = null; e.target.textContent = "play"; return; }
  e.target.textContent = "pause";
  timer = setInterval(() => { if (+slider.value >= +slider.max) { clearInterval(timer); timer = null; e.target.textContent = "play"; return; }
    slider.value = +slider.value + 1; show(); }, 700);
};
document.getElementById("zoom").onclick = (e) => { zoomed = !zoomed; e.target.textContent = zoomed ? "whole" : "detail"; view(); };
if (!D.detail) document.getElementById("zoom").style.display = "none";
const modes = document.getElementById("modes");
if (Object.keys(D.runs).length > 1) for (const m of Object.keys(D.runs)) {
  const l = document.createElement("label"), r = document.createElement("input");
  r.type = "radio"; r.name = "mode"; r.value = m; r.checked = m === mode; r.id = "mode-" + m;
  r.onchange = () => { mode = m; slider.max = D.runs[m].length - 1; show(); };
  l.appendChild(r); l.appendChild(document.createTextNode(" " + m + " ")); modes.appendChild(l);
}
view(); show();
</script></body></html>
"""
