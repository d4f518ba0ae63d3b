"""CEN's EN 16931 business rules run on an invoice's XML, for the tests.

The rules are CEN's own validation artefacts, release 1.3.16 of ConnectingEurope/eInvoicing-EN16931
(the schematron compiled to XSLT 2.0, one for CII and one for UBL), vendored in en16931/ with their
EUPL-1.2 licence. They run with SaxonC-HE (`saxonche`, in requirements-dev.txt: only the tests import
this module). Each stylesheet is compiled once per process (about 2 s), then each invoice takes
tens of milliseconds.
"""

import functools
import os
from dataclasses import dataclass

from lxml import etree
from saxonche import PySaxonProcessor

FOLDER = os.path.join(os.path.dirname(__file__), "en16931")
STYLESHEETS = {"CII": "EN16931-CII-validation.xslt", "UBL": "EN16931-UBL-validation.xslt"}
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class Failure:
	"""A failed assertion of the report (SVRL): the rule's id (BR-CO-15...), fatal or warning."""

	rule: str
	flag: str
	location: str
	text: str

	def __str__(self) -> str:
		return f"{self.rule} ({self.flag}) at {self.location}: {self.text}"


@functools.cache
def processor() -> PySaxonProcessor:
	return PySaxonProcessor(license=False)


@functools.cache
def compiled(syntax: str):
	stylesheet = os.path.join(FOLDER, STYLESHEETS[syntax])
	return processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=stylesheet)


def failures(xml: bytes, syntax: str) -> list[Failure]:
	"""Every failed rule of the XML, `syntax` "CII" or "UBL"."""
	document = processor().parse_xml(xml_text=xml.decode("utf-8"))
	report = etree.fromstring(compiled(syntax).transform_to_string(xdm_node=document).encode("utf-8"))
	return [
		Failure(
			rule=node.get("id") or "",
			flag=node.get("flag") or "",
			location=node.get("location") or "",
			text=" ".join("".join(node.itertext()).split()),
		)
		for node in report.iter(f"{{{SVRL}}}failed-assert")
	]


def fatal_failures(xml: bytes, syntax: str) -> list[Failure]:
	return [failure for failure in failures(xml, syntax) if failure.flag == "fatal"]
