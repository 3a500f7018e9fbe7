// FastCMS admin UI: progressive enhancements only. Every page works without this file.
(function () {
    "use strict";

    var root = document.documentElement;
    root.classList.add("js");

    function setNav(open) {
        var toggle = document.querySelector(".nav-toggle");
        if (!toggle) {
            return;
        }
        root.classList.add("nav-animate");
        root.classList.toggle("nav-open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
            var current = document.querySelector('.sidebar .nav-link[aria-current="page"]') || document.querySelector(".sidebar .nav-link");
            if (current) {
                current.focus();
            }
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        var toggle = document.querySelector(".nav-toggle");
        if (toggle) {
            toggle.addEventListener("click", function () {
                setNav(!root.classList.contains("nav-open"));
            });
        }

        document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && root.classList.contains("nav-open")) {
                setNav(false);
                if (toggle) {
                    toggle.focus();
                }
            }
        });

        // Times are rendered in UTC on the server; show them in the reader's time zone.
        var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
        document.querySelectorAll("time[datetime]").forEach(function (element) {
            var date = new Date(element.getAttribute("datetime"));
            if (!isNaN(date.getTime())) {
                element.title = element.textContent;
                element.textContent = format.format(date);
            }
        });

        // Move focus to the first field with an error, so keyboard and screen reader users land on it.
        var invalid = document.querySelector('[aria-invalid="true"]');
        if (invalid) {
            invalid.focus();
        }
    });
})();
