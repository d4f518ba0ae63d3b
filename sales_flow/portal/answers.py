"""The customer's other answers: declining with a reason (the quotation goes to Lost with it) and
asking a question (a comment on the quotation). Either way its owner is notified. What the customer
typed is escaped wherever it shows: the timeline, the notification, the lost reason."""

import frappe
from frappe import _
from frappe.utils import escape_html

from sales_flow.portal.acting import on_behalf_of_customer
from sales_flow.portal.states import check_answerable
from sales_flow.utils.arguments import text_argument

MAX_TEXT_LENGTH = 2000
DECLINED_ONLINE = "Declined Online"


def customer_text(value, argument: str, label: str) -> str:
	text = (text_argument(value, argument) or "").strip()
	if not text:
		frappe.throw(_("{0} is required.").format(label))
	if len(text) > MAX_TEXT_LENGTH:
		frappe.throw(_("{0} is too long: at most {1} characters.").format(label, MAX_TEXT_LENGTH))
	return text


def as_html(text: str) -> str:
	return escape_html(text).replace("\n", "<br>")


def declined_online_reason() -> str:
	"""The Quotation Lost Reason of the quotations declined online, in the site's language."""
	name = _(DECLINED_ONLINE, lang=frappe.db.get_default("lang") or "fr")
	if not frappe.db.exists("Quotation Lost Reason", name):
		frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": name}).insert(
			ignore_permissions=True
		)
	return name


def decline(doc, reason) -> None:
	frappe.db.get_value("Quotation", doc.name, "name", for_update=True)
	doc.reload()
	check_answerable(doc)
	reason = customer_text(reason, "reason", _("The reason"))
	with on_behalf_of_customer():
		doc.set_as_lost(lost_reasons=[declined_online_reason()], detailed_reason=reason)
		doc.add_comment("Info", _("Declined online: {0}").format(as_html(reason)))
	notify_owner(
		doc,
		_("Quotation {0} was declined online by {1}").format(doc.name, escape_html(doc.customer_name)),
		as_html(reason),
	)


def ask(doc, question, full_name=None) -> None:
	check_answerable(doc)
	question = customer_text(question, "question", _("The question"))
	author = (text_argument(full_name, "full_name") or "").strip()[:140] or doc.customer_name
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Comment",
			"reference_doctype": doc.doctype,
			"reference_name": doc.name,
			"comment_by": author,
			"content": _("Question asked online by {0}:").format(escape_html(author))
			+ "<br>"
			+ as_html(question),
		}
	).insert(ignore_permissions=True)
	notify_owner(
		doc,
		_("Question about quotation {0} from {1}").format(doc.name, escape_html(author)),
		as_html(question),
	)


def notify_owner(doc, subject: str, content: str) -> None:
	"""A notification to the quotation's owner (the bell, and an e-mail if they get them)."""
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": doc.owner,
			"type": "Alert",
			"document_type": doc.doctype,
			"document_name": doc.name,
			"subject": subject,
			"email_content": content,
		}
	).insert(ignore_permissions=True)
