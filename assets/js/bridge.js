/*
 * Desktop only: connects the page to Python over QWebChannel. The page sends three kinds of
 * message (ready, clicked, mapClick); Python answers through MapApp.receive.
 */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    new QWebChannel(qt.webChannelTransport, function (channel) {
      var bridge = channel.objects.bridge;
      MapApp.onSelect = function (kind, props) {
        bridge.send(JSON.stringify({ type: "clicked", kind: kind, id: String(props.id || props.iso3) }));
      };
      MapApp.onMapClick = function (mode, lat, lon) {
        bridge.send(JSON.stringify({ type: "mapClick", mode: mode, lat: lat, lon: lon }));
      };
      bridge.send(JSON.stringify({ type: "ready", counts: MapApp.counts() }));
    });
  });
})();
