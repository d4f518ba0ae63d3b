// Data Migration ("Reprise de données"): attach the exports, check them (every problem listed per
// row, nothing written), start the run in the background (progress bar), download the report.
// The server decides everything: this script only calls check / start and shows what they stored.

const METHODS = "sales_flow.sales_flow.doctype.data_migration.data_migration";

frappe.ui.form.on("Data Migration", {
	setup(frm) {
		frappe.realtime.on("data_migration_progress", (data) => {
			if (!cur_frm || cur_frm.doctype !== "Data Migration" || cur_frm.doc.name !== data.name) return;
			if (data.done) {
				cur_frm.reload_doc();
			} else {
				show_progress(cur_frm, data.progress, data.count, data.total);
			}
		});
	},

	refresh(frm) {
		set_indicator(frm);
		render_preview(frm);
		render_report(frm);
		if (frm.is_new()) return;
		const running = ["Queued", "Running"].includes(frm.doc.status);
		if (running) {
			show_progress(frm, frm.doc.progress || 0);
			return;
		}
		frm.add_custom_button(__("Check Files"), () => check(frm)).toggleClass(
			"btn-primary",
			frm.doc.status === "Draft"
		);
		if (frm.doc.status === "Checked") {
			frm.page.set_primary_action(__("Start Migration"), () => start(frm));
		}
		if (frm.doc.report_file) {
			frm.add_custom_button(__("Download Report"), () => window.open(frm.doc.report_file));
		}
	},
});

function check(frm) {
	const go = () =>
		frappe
			.call({
				method: `${METHODS}.check_files`,
				args: { name: frm.doc.name },
				freeze: true,
				freeze_message: __("Reading and checking the files…"),
			})
			.then(() => frm.reload_doc());
	frm.is_dirty() ? frm.save().then(go) : go();
}

function start(frm) {
	const message =
		frm.doc.problem_rows
			? __("Bring over {0} rows? The {1} rows with problems will be refused and reported.", [
					frm.doc.checked_rows,
					frm.doc.problem_rows,
				])
			: __("Bring over {0} rows?", [frm.doc.checked_rows]);
	frappe.confirm(message, () =>
		frappe
			.call({ method: `${METHODS}.start_migration`, args: { name: frm.doc.name } })
			.then(() => frm.reload_doc())
	);
}

function set_indicator(frm) {
	const colours = {
		Draft: "gray",
		Checked: "blue",
		Queued: "orange",
		Running: "orange",
		Completed: "green",
		"Completed with Errors": "yellow",
		Failed: "red",
	};
	if (!frm.is_new()) frm.page.set_indicator(__(frm.doc.status), colours[frm.doc.status] || "gray");
}

function show_progress(frm, progress, count, total) {
	const message = total ? __("{0} of {1} records", [count, total]) : __("Waiting for the background worker…");
	frm.dashboard.show_progress(__("Migration"), progress || 0, message);
}

const esc = (text) => frappe.utils.escape_html(text == null ? "" : String(text));

function render_preview(frm) {
	const wrapper = frm.get_field("preview_html").$wrapper;
	if (!frm.doc.preview || !["Checked", "Draft"].includes(frm.doc.status)) {
		wrapper.empty();
		return;
	}
	const preview = JSON.parse(frm.doc.preview);
	const files = preview.files
		.map(
			(file) =>
				`<li><b>${esc(__(file.kind))}</b> (${esc(file.file_name)}): ${esc(
					__("{0} rows", [file.rows])
				)}${file.problems.map((p) => `<div class="text-danger">${esc(p)}</div>`).join("")}</li>`
		)
		.join("");
	const rows = preview.rows
		.map(
			(row) =>
				`<tr><td>${esc(__(row.kind))}</td><td>${esc(row.line)}</td><td>${esc(row.code)}</td>` +
				`<td>${row.problems.map((p) => `<div>${esc(p)}</div>`).join("")}</td></tr>`
		)
		.join("");
	const verdict = preview.rows.length
		? `<p class="text-warning">${esc(
				__("{0} rows have problems: they will be refused, the others brought over.", [preview.rows.length])
			)}</p>`
		: `<p class="text-success">${esc(__("No problem found: everything is ready to be brought over."))}</p>`;
	wrapper.html(`<div class="data-migration-preview"><ul>${files}</ul>${verdict}${
		rows ? table([__("File"), __("Line"), __("Code"), __("Problems")], rows) : ""
	}</div>`);
}

function render_report(frm) {
	const wrapper = frm.get_field("report_html").$wrapper;
	if (!frm.doc.report || !frm.doc.finished_on) {
		wrapper.empty();
		return;
	}
	const rows = JSON.parse(frm.doc.report)
		.map((row) => {
			const link = row.name
				? `<a href="/app/${frappe.router.slug(row.doctype)}/${encodeURIComponent(row.name)}">${esc(row.name)}</a>`
				: "";
			return (
				`<tr><td>${esc(__(row.kind))}</td><td>${esc(row.line)}</td><td>${esc(row.code)}</td>` +
				`<td>${esc(__(row.result))}</td><td>${link}</td><td>${esc(row.message)}</td></tr>`
			);
		})
		.join("");
	wrapper.html(
		rows
			? `<div class="data-migration-report">${table(
					[__("File"), __("Line"), __("Code"), __("Result"), __("Document"), __("Message")],
					rows
				)}</div>`
			: ""
	);
}

function table(headers, rows) {
	return `<table class="table table-bordered table-sm"><thead><tr>${headers
		.map((h) => `<th>${esc(h)}</th>`)
		.join("")}</tr></thead><tbody>${rows}</tbody></table>`;
}
