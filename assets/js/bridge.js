/*
 * Desktop only: connects the page to Python over QWebChannel. The page sends five kinds of
 * message (ready, clicked, mapClick, moved, details); Python answers through MapApp.receive.
 */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    new QWebChannel(qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge;
      MapApp.onSelect = function (kind, props) {
        bridge.send(JSON.stringify({ type: "clicked", kind: kind, id: String(props.id || props.iso3) }));
      };
      MapApp.onMoved = function (kind, id, lat, lon) {
        bridge.send(JSON.stringify({ type: "moved", kind: kind, id: String(id), lat: lat, lon: lon }));
      };
      MapApp.onDetailsWanted = function (kind, id) {
        bridge.send(JSON.stringify({ type: "details", kind: kind, id: String(id) }));
      };
      MapApp.onMapClick = function (mode, lat, lon) {
        bridge.send(JSON.stringify({ type: "mapClick", mode: mode, lat: lat, lon: lon }));
      };
      bridge.send(JSON.stringify({ type: "ready", counts: MapApp.counts() }));
    });
  });
})();
