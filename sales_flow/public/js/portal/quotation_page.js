// The online quotation: options ticked -> totals recomputed by the desk's engine; a signature drawn
// on a canvas; accept, decline or ask through the page's three guest methods (the token checks them).
import totals from "../engine/totals.js";

const data = JSON.parse(document.getElementById("oq-quotation-data").textContent);
const page = document.querySelector(".oq-quotation");
const money = new Intl.NumberFormat(data.lang, { style: "currency", currency: data.currency });

function ticked_options() {
	return [...page.querySelectorAll(".oq-option input:checked")];
}

function refresh_totals() {
	const doc = structuredClone(data.engine);
	// a ticked option is ordered as an ordinary line: it counts in the totals
	for (const input of ticked_options()) doc.items[Number(input.dataset.index)].is_alternative = 0;
	totals.calculate(doc);
	for (const cell of page.querySelectorAll("[data-total]")) {
		const value = doc[cell.dataset.total] || 0;
		cell.dataset.value = value;
		cell.textContent = money.format(value);
	}
}

function signature_pad(canvas) {
	const context = canvas.getContext("2d");
	context.lineWidth = 3;
	context.lineCap = context.lineJoin = "round";
	context.strokeStyle = "#1b2a6b";
	let drawing = false;
	let drawn = false;
	const point = (event) => {
		const box = canvas.getBoundingClientRect();
		return [
			((event.clientX - box.left) * canvas.width) / box.width,
			((event.clientY - box.top) * canvas.height) / box.height,
		];
	};
	canvas.addEventListener("pointerdown", (event) => {
		drawing = true;
		canvas.setPointerCapture(event.pointerId);
		context.beginPath();
		context.moveTo(...point(event));
	});
	canvas.addEventListener("pointermove", (event) => {
		if (!drawing) return;
		context.lineTo(...point(event));
		context.stroke();
		drawn = true;
	});
	for (const name of ["pointerup", "pointercancel"]) canvas.addEventListener(name, () => (drawing = false));
	return {
		clear() {
			context.clearRect(0, 0, canvas.width, canvas.height);
			drawn = false;
		},
		data_url: () => (drawn ? canvas.toDataURL("image/png") : ""),
	};
}

function text_of(html) {
	return new DOMParser().parseFromString(html, "text/html").body.textContent;
}

function server_message(body) {
	try {
		return JSON.parse(body._server_messages)
			.map((message) => text_of(JSON.parse(message).message))
			.join("\n");
	} catch {
		return "";
	}
}

async function call(method, args) {
	const response = await fetch(`/api/method/sales_flow.portal.api.${method}`, {
		method: "POST",
		headers: {
			"Content-Type": "application/json",
			Accept: "application/json",
			"X-Frappe-CSRF-Token": (window.frappe && window.frappe.csrf_token) || "",
		},
		body: JSON.stringify({ token: data.token, ...args }),
	});
	const body = await response.json().catch(() => ({}));
	if (!response.ok) throw new Error(server_message(body) || data.messages.error);
	return body.message;
}

function show_result(text, ok) {
	const result = page.querySelector(".oq-result");
	result.hidden = false;
	result.className = `alert oq-result ${ok ? "alert-success" : "alert-danger"}`;
	result.textContent = text;
	result.scrollIntoView({ block: "nearest" });
}

function closed(text) {
	// answered: the forms go, the answer stays
	for (const section of page.querySelectorAll(".oq-choose input, .oq-accept, .oq-other-answers"))
		section.remove();
	show_result(text, true);
}

function on_submit(selector, handler) {
	const form = page.querySelector(selector);
	if (!form) return;
	form.addEventListener("submit", async (event) => {
		event.preventDefault();
		const button = form.querySelector("button[type=submit]");
		button.disabled = true;
		try {
			await handler(form);
		} catch (error) {
			show_result(error.message, false);
		} finally {
			button.disabled = false;
		}
	});
}

function setup() {
	for (const cell of page.querySelectorAll("[data-amount]")) cell.textContent = money.format(cell.dataset.amount);
	for (const input of page.querySelectorAll(".oq-option input")) input.addEventListener("change", refresh_totals);
	refresh_totals();
	const canvas = page.querySelector(".oq-signature");
	const pad = canvas && signature_pad(canvas);
	const clear = page.querySelector(".oq-clear");
	if (clear) clear.addEventListener("click", () => pad.clear());
	on_submit(".oq-accept-form", async (form) => {
		const answer = await call("accept_quotation", {
			full_name: form.full_name.value,
			signature: pad.data_url(),
			consent: form.consent.checked ? 1 : 0,
			options: ticked_options().map((input) => input.value),
			version: data.version,
		});
		closed(data.messages.accepted.replace("{0}", answer.sales_order));
	});
	on_submit(".oq-decline-form", async (form) => {
		await call("decline_quotation", { reason: form.reason.value });
		closed(data.messages.declined);
	});
	on_submit(".oq-question-form", async (form) => {
		await call("ask_question", { question: form.question.value, full_name: form.full_name.value });
		form.question.value = "";
		show_result(data.messages.asked, true);
	});
}

setup();
