/* ovop region map.
 *
 * Draws the village markers that the page itself carries (a json_script element with the id
 * "map-data": [{code, name, lat, lon, url, enterprises}]) on the element with the id "map".
 * The markers, their popups and the icons are all served by ovop, so they work offline; only
 * the background tiles (URL in data-tiles) come from the internet. When a tile fails, a note
 * is shown once and the markers stay on Leaflet's plain background.
 */
(function () {
  "use strict";

  function popup(marker, label) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    var strong = document.createElement("strong");
    strong.appendChild(link);
    box.appendChild(strong);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(marker.code));
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(label + ": " + marker.enterprises));
    return box;
  }

  function draw() {
    var element = document.getElementById("map");
    var source = document.getElementById("map-data");
    if (!element || !source || typeof window.L === "undefined") {
      return;
    }
    var markers = JSON.parse(source.textContent || "[]");
    if (!markers.length) {
      return;
    }
    var L = window.L;
    var map = L.map(element, { scrollWheelZoom: false });
    window.ovopMapTiles(L, map, element, "map-note");
    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lon];
      points.push(point);
      L.marker(point, { title: marker.name, alt: marker.name })
        .bindPopup(popup(marker, element.dataset.labelEnterprises || ""))
        .addTo(map);
    });
    if (points.length === 1) {
      map.setView(points[0], 13);
    } else {
      map.fitBounds(points, { paddingTopLeft: [24, 48], paddingBottomRight: [24, 16], maxZoom: 14 });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
