// FastCMS admin: the collection editor shows each field's options only for the types they apply to, and a rule's
// expression only when "Those matching the rule" is chosen, and the name to type for removing a field only once
// "Remove" is ticked. It also warns before leaving the form with unsaved changes. Without this file every input is
// shown and the server reports options that do not fit a type.
(function () {
    "use strict";

    function applyType(row) {
        var select = row.querySelector("[data-field-type]");
        if (!select) {
            return;
        }
        row.querySelectorAll("[data-types]").forEach(function (group) {
            var applies = group.getAttribute("data-types").split(" ").indexOf(select.value) >= 0;
            group.hidden = !applies;
            group.querySelectorAll("input, select, textarea").forEach(function (input) {
                input.disabled = !applies;
            });
        });
        var options = row.querySelector(".field-options");
        if (options) {
            options.hidden = !row.querySelector("[data-types]:not([hidden])");
        }
    }

    function applyRemove(row) {
        var remove = row.querySelector('input[name$=".remove"]');
        var removing = !!(remove && remove.checked);
        row.classList.toggle("removed", removing);
        var confirm = row.querySelector("[data-remove-confirm]");
        if (confirm) {
            confirm.hidden = !removing && !confirm.classList.contains("invalid");
        }
    }

    function applyRule(select) {
        var input = document.getElementById(select.id.replace(/_mode$/, ""));
        if (input) {
            input.hidden = select.value !== "rule";
            input.disabled = select.value !== "rule";
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-field-row]").forEach(function (row) {
            applyType(row);
            applyRemove(row);
            row.addEventListener("change", function (event) {
                if (event.target.matches("[data-field-type]")) {
                    applyType(row);
                } else if (event.target.matches('input[name$=".remove"]')) {
                    applyRemove(row);
                }
            });
        });
        document.querySelectorAll("form.collection-form").forEach(function (form) {
            var saved = new URLSearchParams(new FormData(form)).toString();
            var submitting = false;
            form.addEventListener("submit", function () {
                submitting = true;
            });
            window.addEventListener("beforeunload", function (event) {
                if (!submitting && new URLSearchParams(new FormData(form)).toString() !== saved) {
                    event.preventDefault();
                    event.returnValue = "";
                }
            });
        });
        document.querySelectorAll("[data-rule-mode]").forEach(function (select) {
            applyRule(select);
            select.addEventListener("change", function () {
                applyRule(select);
            });
        });
    });
})();
