// The workspace's number cards and charts of the app take their figures from one call
// (sales_flow.analytics.workspace.workspace_figures) instead of three to five requests each (the
// card's or chart's document, its source, its data, a DocType's metadata to format it), and show
// them the French way: "38,1 k€", "72,73 %", "+12,5 %". A widget the call does not cover (another
// app's), a "Refresh" or a changed filter go through Frappe's own path.
frappe.provide("sales_flow.workspace");

$.extend(sales_flow.workspace, {
	/** One answer per page shown: the widgets of one workspace render share it. */
	figures() {
		const route = frappe.get_route();
		if (route[0] !== "Workspaces") return Promise.resolve({ cards: {}, charts: {} });
		if (!sales_flow.workspace.pending) {
			sales_flow.workspace.pending = frappe
				.xcall("sales_flow.analytics.workspace.workspace_figures", {
					workspace: route[route.length - 1],
				})
				.catch(() => ({ cards: {}, charts: {} }));
		}
		return sales_flow.workspace.pending;
	},

	/** A card's figure as text: currency compact beyond ten thousand, percent with its sign when
	 * it is a change, counts whole; "—" when the user may not read it. */
	format({ value, fieldtype, options, signed }) {
		if (value === null || value === undefined) return "—";
		const nbsp = "\u00a0";
		if (fieldtype === "Percent") {
			const sign = signed && value > 0 ? "+" : "";
			return sign + sales_flow.workspace.number(value, 2) + nbsp + "%";
		}
		if (fieldtype === "Currency") return sales_flow.workspace.money(value, options);
		if (fieldtype === "Int") return sales_flow.workspace.number(value, 0);
		return sales_flow.workspace.number(value, 2);
	},

	/** "5 674 €", "38,1 k€", "1,2 M€" in the company's currency. */
	money(value, currency) {
		const symbol = get_currency_symbol(
			(currency && currency.length <= 3 && currency) ||
				frappe.boot.sysdefaults.currency ||
				"EUR",
		);
		const size = Math.abs(value);
		const text =
			size >= 1e6
				? sales_flow.workspace.number(value / 1e6, 1) + " M"
				: size >= 1e4
					? sales_flow.workspace.number(value / 1e3, 1) + " k"
					: format_number(value, null, Number.isInteger(value) ? 0 : 2) + " ";
		return (text + symbol).replace(/ /g, "\u00a0");
	},

	/** The site's number format (French: "1 234,5"), without useless trailing zeros. */
	number(value, decimals) {
		const text = format_number(value, null, decimals);
		return decimals ? text.replace(/([.,]\d*?)0+$/, "$1").replace(/[.,]$/, "") : text;
	},
});

frappe.router.on("change", () => {
	sales_flow.workspace.pending = null;
});

(() => {
	const NumberCard = frappe.widget.widget_factory.number_card;
	const card = NumberCard.prototype;
	const { make_card, get_data } = card;

	card.make_card = function () {
		if (this.in_customize_mode) return make_card.call(this);
		sales_flow.workspace.figures().then(({ cards }) => {
			const figure = cards[this.number_card_name || this.name];
			if (!figure) return make_card.call(this);
			this.card_doc = figure.card;
			this.figure = figure;
			this.render_card();
			this.set_events();
		});
	};

	card.get_data = function () {
		if (!this.figure) return get_data.call(this);
		// used once: "Refresh" asks the server again
		const figure = this.figure;
		this.figure = null;
		this.data = figure;
		this.number = figure.value;
		this.formatted_number = sales_flow.workspace.format(figure);
		if (figure.refused) this.widget.attr("title", __("Not Permitted"));
		return Promise.resolve();
	};

	card.set_formatted_number = function (df) {
		this.formatted_number = sales_flow.workspace.format({
			value: this.number,
			fieldtype: df && df.fieldtype,
			options: df && df.options,
			signed: df && df.signed,
		});
	};
})();

(() => {
	const Chart = frappe.widget.widget_factory.chart;
	const chart = Chart.prototype;
	const { get_settings, fetch, update_chart_object, get_chart_args } = chart;

	chart.get_settings = function () {
		if (this.in_customize_mode) return get_settings.call(this);
		return sales_flow.workspace.figures().then(({ charts }) => {
			const figure = charts[this.chart_name];
			if (!figure) return get_settings.call(this);
			// without its DocType, the widget draws at once instead of first loading that
			// DocType's metadata (its filters are the source's, its values formatted below)
			this.chart_doc = { ...figure.chart, document_type: null };
			this.figure = figure;
			this.settings = frappe.dashboards.chart_sources[figure.chart.source] || {
				method: figure.method,
			};
		});
	};

	chart.fetch = function (...args) {
		if (!this.figure) return fetch.apply(this, args);
		const data = this.figure.data;
		this.figure = null;
		return Promise.resolve(data);
	};

	chart.update_chart_object = function () {
		// the figures came with the chart's document: no second request for its "last synced"
		if (this.chart_doc && this.chart_doc.module === "Sales Flow") return;
		return update_chart_object.call(this);
	};

	chart.get_chart_args = function () {
		const args = get_chart_args.call(this);
		if (this.chart_doc.module !== "Sales Flow") return args;
		// amounts the French way on the axis and in the tooltip: "38,1 k€", "5 674,50 €"
		const money = (value) => sales_flow.workspace.money(value);
		args.axisOptions = { ...args.axisOptions, shortenYAxisNumbers: 1, numberFormatter: money };
		args.tooltipOptions = { ...args.tooltipOptions, formatTooltipY: money };
		return args;
	};
})();
