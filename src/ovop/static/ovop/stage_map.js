/* ovop empowerment map: each village marked by the stage of Hogan's cycle it has reached.
 *
 * Reads the markers the page itself carries (json_script with the id "stage-map-data":
 * [{code, name, lat, lon, url, stage, label}]) and draws them on the element "stage-map".
 * Markers, popups and their look (stages.css) are served by ovop, so they show offline; only
 * the background tiles (data-tiles) come from the internet. A marker shows the stage number,
 * a tick for a closed cycle or a dash for none, so that colour is never the only sign.
 */
(function () {
  "use strict";

  var SYMBOLS = { closed: "\u2713", none: "\u2013" };

  function popup(marker) {
    var box = document.createElement("div");
    var strong = document.createElement("strong");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    strong.appendChild(link);
    box.appendChild(strong);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(marker.code));
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(marker.label));
    return box;
  }

  function icon(L, marker) {
    var mark = document.createElement("span");
    mark.textContent = SYMBOLS[marker.stage] || marker.stage;
    return L.divIcon({
      className: "stage-marker stage-" + marker.stage,
      html: mark,
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -14],
    });
  }

  function draw() {
    var element = document.getElementById("stage-map");
    var source = document.getElementById("stage-map-data");
    if (!element || !source || typeof window.L === "undefined") {
      return;
    }
    var markers = JSON.parse(source.textContent || "[]");
    if (!markers.length) {
      return;
    }
    var L = window.L;
    var map = L.map(element, { scrollWheelZoom: false });
    window.ovopMapTiles(L, map, element, "stage-map-note");
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lon];
      points.push(point);
      L.marker(point, { icon: icon(L, marker), title: marker.name + " \u2013 " + marker.label, alt: marker.label })
        .bindPopup(popup(marker))
        .addTo(map);
    });
    if (points.length === 1) {
      map.setView(points[0], 13);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
