// FastCMS admin: the collection editor shows each field's options only for the types they apply to, and a rule's
// expression only when "Those matching the rule" is chosen, and the name to type for removing a field only once
// "Remove" is ticked. It also warns before leaving the form with unsaved changes, adds field rows in place (from the
// server's <template>) and moves them (drag, or the Move buttons) without a round trip. Without this file every input
// is shown, the server reports options that do not fit a type, and adding or moving a row posts the form back.
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

    var placeholder = "__index__";

    function fieldRows(section) {
        return Array.prototype.filter.call(section.children, function (child) {
            return child.matches("[data-field-row]");
        });
    }

    function setUpRow(row) {
        applyType(row);
        applyRemove(row);
        var handle = row.querySelector("[data-drag-handle]");
        if (handle) {
            handle.hidden = false;
        }
    }

    // Legends say "Field 3" by position; the inputs keep their index, and the "order" inputs carry the new order.
    function renumber(section) {
        fieldRows(section).forEach(function (row, i) {
            row.querySelectorAll("[data-row-number]").forEach(function (number) {
                number.textContent = String(i + 1);
            });
        });
    }

    function announce(section, row) {
        var status = section.querySelector("[data-move-status]");
        var name = row.querySelector('input[name$=".name"]');
        if (status) {
            status.textContent = "Field " + (name && name.value ? name.value + " " : "") + "is now at position " + (fieldRows(section).indexOf(row) + 1) + ".";
        }
    }

    function addRow(section, template) {
        var next = 0;
        section.querySelectorAll('input[name="order"]').forEach(function (input) {
            next = Math.max(next, parseInt(input.value, 10) + 1);
        });
        var copy = template.content.cloneNode(true);
        copy.querySelectorAll("*").forEach(function (element) {
            Array.prototype.forEach.call(element.attributes, function (attribute) {
                if (attribute.value.indexOf(placeholder) >= 0) {
                    attribute.value = attribute.value.split(placeholder).join(String(next));
                }
            });
        });
        var row = copy.querySelector("[data-field-row]");
        section.insertBefore(copy, template);
        setUpRow(row);
        renumber(section);
        row.querySelector('input[name$=".name"]').focus();
    }

    function moveRow(section, row, up) {
        var rows = fieldRows(section);
        var at = rows.indexOf(row);
        var other = rows[up ? at - 1 : at + 1];
        if (!other) {
            return false;
        }
        section.insertBefore(up ? row : other, up ? other : row);
        renumber(section);
        announce(section, row);
        return true;
    }

    // Dropping a row on another gives it that row's place: before it when coming from below, after it from above.
    function enableDragging(section) {
        var dragged = null;
        section.addEventListener("dragstart", function (event) {
            var handle = event.target.closest && event.target.closest("[data-drag-handle]");
            if (!handle) {
                return;
            }
            dragged = handle.closest("[data-field-row]");
            event.dataTransfer.effectAllowed = "move";
            event.dataTransfer.setData("text/plain", "");
            event.dataTransfer.setDragImage(dragged, 24, 24);
            dragged.classList.add("dragging");
        });
        section.addEventListener("dragover", function (event) {
            var target = dragged && event.target.closest("[data-field-row]");
            if (target && target !== dragged) {
                event.preventDefault();
                event.dataTransfer.dropEffect = "move";
            }
        });
        section.addEventListener("drop", function (event) {
            var target = dragged && event.target.closest("[data-field-row]");
            if (!target || target === dragged) {
                return;
            }
            event.preventDefault();
            var fromAbove = dragged.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING;
            section.insertBefore(dragged, fromAbove ? target.nextSibling : target);
            renumber(section);
            announce(section, dragged);
        });
        section.addEventListener("dragend", function () {
            if (dragged) {
                dragged.classList.remove("dragging");
                dragged = null;
            }
        });
    }

    function enableRows(section) {
        fieldRows(section).forEach(setUpRow);
        section.addEventListener("change", function (event) {
            var row = event.target.closest("[data-field-row]");
            if (!row) {
                return;
            }
            if (event.target.matches("[data-field-type]")) {
                applyType(row);
                // These types are not complete without their options (values, target collection, when to stamp).
                var options = row.querySelector(".field-options");
                if (options && ["select", "relation", "autodate"].indexOf(event.target.value) >= 0) {
                    options.open = true;
                }
            } else if (event.target.matches('input[name$=".remove"]')) {
                applyRemove(row);
            }
        });
        section.addEventListener("click", function (event) {
            var move = event.target.closest("[data-move]");
            var template = section.querySelector("#field-row-template");
            if (move) {
                event.preventDefault();
                moveRow(section, move.closest("[data-field-row]"), move.getAttribute("data-move") === "up");
                move.focus();
            } else if (event.target.closest("[data-add-field]") && template) {
                event.preventDefault();
                addRow(section, template);
            }
        });
        enableDragging(section);
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll(".field-rows").forEach(enableRows);
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
