// The online quotation's page (sales_flow/www/devis.html): its script, with the desk's totals
// engine bundled in (the same file the desk and node load), so the customer sees the totals the
// server will store.
import "./portal/quotation_page.js";
