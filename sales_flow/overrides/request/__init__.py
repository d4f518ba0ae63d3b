"""Every request's body and arguments checked before Frappe's methods use them, and every error
answer tidied.

Frappe decodes a JSON body itself (app.make_form_dict) before any hook runs, its methods json.loads
their `doc` / `docs` / `filters`... arguments and are called with whatever arguments came: a body
that is not UTF-8, not JSON, nested 20,000 deep, or a required argument missing, ends in a bare 500.
`body.check_request_body` (before_request) refuses these with a French 4xx naming the problem, the
arguments judged by `arguments` and any JSON decoded within the limits of `json_limits`; when
Frappe's own decoding failed first, `error_answer.tidy_error_response` (after_request) gives the
same answer in place of its 500.

`tidy_error_response` also keeps Python tracebacks for System Managers of a site in developer mode
(everybody else gets the message, never the code), gives a message to an error raised without one,
answers a locked login address with a French 429 (sales_flow.overrides.login) and shortens what an
error echoes back, so that a 1 MB value sent is not answered with 6 MB.
"""
