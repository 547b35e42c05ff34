/* ovop maps: the background tiles, shared by the region map (map.js) and the empowerment
 * stage map (stage_map.js).
 *
 * window.ovopMapTiles(L, map, element, noteId) adds the tile layer whose URL the map element
 * carries in data-tiles. The tiles are the only part of a map that comes from the internet:
 * when one fails, the element with the id noteId shows data-tiles-failed once, and the
 * markers stay on Leaflet's plain background.
 */
(function () {
  "use strict";

  window.ovopMapTiles = function (L, map, element, noteId) {
    if (!element.dataset.tiles) {
      return;
    }
    var note = document.getElementById(noteId);
    var warned = false;
    L.tileLayer(element.dataset.tiles, {
      maxZoom: 18,
      attribution:
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    })
      .on("tileerror", function () {
        if (!warned && note) {
          warned = true;
          note.textContent = element.dataset.tilesFailed || "";
          note.hidden = false;
        }
      })
      .addTo(map);
  };
})();
