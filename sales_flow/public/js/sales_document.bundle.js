// The desk's sales documents (Quotation, Sales Order, Sales Invoice, Delivery Note), one file per
// concern under sales_document/; form.js registers the others' handlers, so it comes last. The
// totals engine itself (engine/totals.js) is loaded before this bundle, as a plain script: node
// loads the same file for the tests.
// Frappe's desk where it fails our users: every e-mail composer, a refused report
import "./sales_document/email_composer.js";
import "./desk/refused_report.js";
import "./sales_document/statuses.js";
import "./sales_document/totals_redraw.js";
import "./sales_document/grid_drawing.js";
import "./sales_document/variants.js";
import "./sales_document/details.js";
import "./sales_document/lines.js";
import "./sales_document/layout_rows.js";
import "./sales_document/actions.js";
import "./sales_document/list_view.js";
import "./sales_document/update_items.js";
import "./sales_document/recurring_totals.js";
import "./sales_document/form.js";
