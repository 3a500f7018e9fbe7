// FastCMS admin: reloads the metrics dashboard's figures every 15 seconds while the page is visible.
// The page is complete without this file; it only fetches the same page again and swaps the figures in.
(function () {
    "use strict";

    document.addEventListener("DOMContentLoaded", function () {
        var status = document.querySelector("[data-refresh]");
        var live = document.getElementById("metrics-live");
        var pause = document.getElementById("metrics-pause");
        if (!status || !live || !pause || !window.fetch || !window.DOMParser) {
            return;
        }

        var seconds = parseInt(status.getAttribute("data-refresh"), 10) || 15;
        var paused = false;
        var timer = null;
        var format = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
        var updated = document.getElementById("metrics-updated");

        function schedule() {
            window.clearTimeout(timer);
            if (!paused) {
                timer = window.setTimeout(refresh, seconds * 1000);
            }
        }

        function refresh() {
            if (document.hidden) {
                schedule();
                return;
            }
            fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
                .then(function (response) {
                    // A redirect to the login page means the session ended: stop instead of showing the login form here.
                    if (!response.ok || response.redirected) {
                        throw new Error("metrics refresh answered " + response.status);
                    }
                    return response.text();
                })
                .then(function (html) {
                    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("metrics-live");
                    if (fresh) {
                        live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes).map(function (node) {
                            return document.importNode(node, true);
                        }));
                        updated.textContent = "Updated " + format.format(new Date());
                    }
                    schedule();
                })
                .catch(function () {
                    updated.textContent = "Updates stopped; reload the page.";
                });
        }

        pause.hidden = false;
        pause.addEventListener("click", function () {
            paused = !paused;
            pause.setAttribute("aria-pressed", paused ? "true" : "false");
            pause.querySelector("span").textContent = paused ? "Resume updates" : "Pause updates";
            pause.querySelector("i").className = paused ? "fa-solid fa-play" : "fa-solid fa-pause";
            if (paused) {
                window.clearTimeout(timer);
            } else {
                refresh();
            }
        });
        schedule();
    });
})();
