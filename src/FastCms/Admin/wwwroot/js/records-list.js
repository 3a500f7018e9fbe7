// FastCMS admin: the records list's tools. The column chooser hides columns and remembers the choice per collection
// in this browser (localStorage); row checkboxes and "select all on this page" feed the "Delete selected" form; the
// API panel's commands get copy buttons. The live update swaps the list's rows, so choices and ticks are applied
// again after every swap. Without JavaScript every column shows and the checkboxes still submit the form.
(function () {
    "use strict";

    document.addEventListener("DOMContentLoaded", function () {
        var form = document.getElementById("bulk-delete");
        if (form) {
            listTools(form);
        }
        document.querySelectorAll("[data-copy]").forEach(copyButton);
    });

    function listTools(form) {
        var key = "fastcms.hidden-columns." + form.getAttribute("data-collection");
        var chooser = form.querySelector("[data-column-chooser]");
        var button = form.querySelector("[data-delete-selected]");
        var count = form.querySelector("[data-selected-count]");
        var live = document.getElementById("records-live");
        var hidden = load();
        var selected = {};

        function load() {
            try {
                var value = JSON.parse(window.localStorage.getItem(key) || "[]");
                return Array.isArray(value) ? value : [];
            } catch (e) {
                return [];
            }
        }

        function save() {
            try {
                window.localStorage.setItem(key, JSON.stringify(hidden));
            } catch (e) {
                // Storage may be full or switched off: the choice then lasts until the page is left.
            }
        }

        function rowBoxes() {
            return Array.prototype.slice.call(form.querySelectorAll("input.row-select[name=id]"));
        }

        function applyColumns() {
            var table = form.querySelector("table.records");
            if (!table) {
                return;
            }
            // The headings are named by the cells below them (each cell's data-label is its column's name).
            var first = table.querySelector("tbody tr");
            var names = first ? Array.prototype.map.call(first.cells, function (cell) { return cell.getAttribute("data-label"); }) : [];
            Array.prototype.forEach.call(table.rows, function (row) {
                Array.prototype.forEach.call(row.cells, function (cell, index) {
                    var name = names[index];
                    cell.classList.toggle("column-hidden", !!name && name !== "id" && hidden.indexOf(name) >= 0);
                });
            });
        }

        function applySelection() {
            var boxes = rowBoxes();
            var present = {};
            boxes.forEach(function (box) {
                box.checked = !!selected[box.value];
                present[box.value] = true;
            });
            // Records that left the list (deleted meanwhile) are no longer selected.
            Object.keys(selected).forEach(function (id) {
                if (!present[id]) {
                    delete selected[id];
                }
            });
            var ticked = boxes.filter(function (box) { return box.checked; }).length;
            var all = form.querySelector("[data-select-all]");
            if (all) {
                all.hidden = false;
                all.checked = boxes.length > 0 && ticked === boxes.length;
                all.indeterminate = ticked > 0 && ticked < boxes.length;
            }
            button.disabled = ticked === 0;
            count.textContent = ticked > 0 ? " (" + ticked + ")" : "";
        }

        if (chooser) {
            chooser.hidden = false;
            chooser.querySelectorAll("[data-column-toggle]").forEach(function (toggle) {
                toggle.checked = hidden.indexOf(toggle.value) < 0;
                toggle.addEventListener("change", function () {
                    hidden = hidden.filter(function (name) { return name !== toggle.value; });
                    if (!toggle.checked) {
                        hidden.push(toggle.value);
                    }
                    save();
                    applyColumns();
                });
            });
        }

        form.addEventListener("change", function (event) {
            var target = event.target;
            if (target.matches("[data-select-all]")) {
                rowBoxes().forEach(function (box) {
                    selected[box.value] = target.checked;
                    if (!target.checked) {
                        delete selected[box.value];
                    }
                });
            } else if (target.matches("input.row-select[name=id]")) {
                if (target.checked) {
                    selected[target.value] = true;
                } else {
                    delete selected[target.value];
                }
            } else {
                return;
            }
            applySelection();
        });

        if (live && window.MutationObserver) {
            // Runs before the swapped-in rows are painted, so a hidden column never flashes.
            new MutationObserver(function () {
                applyColumns();
                applySelection();
            }).observe(live, { childList: true });
        }

        applyColumns();
        applySelection();
    }

    function copyButton(button) {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source || !navigator.clipboard) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
            navigator.clipboard.writeText(source.textContent).then(function () {
                button.textContent = "Copied";
                window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
            });
        });
    }
})();
