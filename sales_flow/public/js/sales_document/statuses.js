// Statuses of the sales documents in the desk: one colour per status, the same in every list and
// form, and the lists of statuses that allow an action, read from the server (the boot carries
// the constants of sales_flow/controllers/status.py, lost.py, revisions.py: never copied here).
frappe.provide("sales_flow");

sales_flow.STATUS_COLORS = {
	Draft: "red",
	Open: "orange",
	"Partially Ordered": "yellow",
	Ordered: "green",
	Expired: "gray",
	Lost: "gray",
	Superseded: "gray",
	"On Hold": "orange",
	"To Deliver and Bill": "orange",
	"To Bill": "orange",
	"To Deliver": "orange",
	Completed: "green",
	Closed: "green",
	Unpaid: "orange",
	"Partly Paid": "yellow",
	Overdue: "red",
	Paid: "green",
	Return: "gray",
	"Credit Note Issued": "gray",
	Submitted: "blue",
	Cancelled: "red",
};

// one of the server's status lists of a DocType ("Quotation", "losable"); a name the boot lacks
// throws, where an empty list would hide a button without a word
sales_flow.statuses = function (doctype, list_name) {
	const lists = (frappe.boot.sales_flow_statuses || {})[doctype] || {};
	if (!lists[list_name]) throw new Error(`no status list "${list_name}" for ${doctype}`);
	return lists[list_name];
};

// whether the document's status is in one of its DocType's status lists
sales_flow.status_in = (doc, list_name) =>
	sales_flow.statuses(doc.doctype, list_name).includes(doc.status);
