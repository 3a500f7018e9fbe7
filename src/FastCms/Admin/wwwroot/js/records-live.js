// FastCMS admin: keeps the records list current while it is open. It opens the realtime stream, subscribes to the
// collection through the admin session (with the page's anti-forgery token), and on each change fetches this same page
// again and swaps the list in, so filter, order, paging and cell rendering stay exactly the server's. Rows that were
// not there before are highlighted. Without EventSource the page simply stays as loaded.
(function () {
    "use strict";

    document.addEventListener("DOMContentLoaded", function () {
        var root = document.getElementById("records-live");
        var indicator = document.querySelector("[data-live-indicator]");
        if (!root || !indicator || !root.getAttribute("data-live-topic") || !window.EventSource || !window.fetch || !window.DOMParser) {
            return;
        }

        var topic = root.getAttribute("data-live-topic");
        var subscribeUrl = root.getAttribute("data-live-subscribe");
        var token = root.getAttribute("data-live-token");
        var label = indicator.querySelector("span");
        var clientId = null;
        var timer = null;
        var known = ids(root);

        function ids(container) {
            var found = {};
            container.querySelectorAll("td[data-label=id] code").forEach(function (code) {
                found[code.textContent] = true;
            });
            return found;
        }

        function show(state, text) {
            indicator.setAttribute("data-state", state);
            label.textContent = text;
        }

        function refresh() {
            fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
                .then(function (response) {
                    // A redirect to the login page means the session ended.
                    if (!response.ok || response.redirected) {
                        throw new Error("records refresh answered " + response.status);
                    }
                    return response.text();
                })
                .then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("records-live");
                    // Nothing changed (the check right after subscribing, usually): keep the elements the reader is on.
                    // The server's version of the list (total, ids and update times) decides, not the markup, which
                    // other scripts of the page may have touched.
                    if (!fresh || fresh.getAttribute("data-live-version") === root.getAttribute("data-live-version")) {
                        return;
                    }
                    root.setAttribute("data-live-version", fresh.getAttribute("data-live-version") || "");
                    root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes).map(function (node) {
                        return document.importNode(node, true);
                    }));
                    root.querySelectorAll("td[data-label=id] code").forEach(function (code) {
                        if (!known[code.textContent]) {
                            code.closest("tr").classList.add("live-new");
                        }
                    });
                    known = ids(root);
                    root.setAttribute("data-live-updated", String(Date.now()));
                })
                .catch(function () {
                    show("offline", "Updates stopped; reload the page");
                });
        }

        function scheduleRefresh() {
            window.clearTimeout(timer);
            timer = window.setTimeout(refresh, 150);
        }

        function subscribe() {
            fetch(subscribeUrl, {
                method: "POST",
                credentials: "same-origin",
                headers: { "Content-Type": "application/json", "RequestVerificationToken": token },
                body: JSON.stringify({ client_id: clientId, subscriptions: [topic] })
            }).then(function (response) {
                if (response.status === 204) {
                    show("live", "Live");
                } else {
                    show("offline", "Live updates unavailable");
                }
            }).catch(function () {
                show("offline", "Live updates unavailable");
            });
        }

        var source = new EventSource("/api/v1/realtime");
        source.addEventListener("connect", function (event) {
            var data = JSON.parse(event.data);
            clientId = data.client_id;
            if (data.resumed) {
                show("live", "Live");
            } else {
                subscribe();
                scheduleRefresh();
            }
        });
        // Messages were lost (or the stream expired): subscribe again and reload the list.
        source.addEventListener("reset", function () {
            subscribe();
            scheduleRefresh();
        });
        source.addEventListener(topic, scheduleRefresh);
        source.addEventListener("error", function () {
            show("offline", "Reconnecting…");
        });
    });
})();
