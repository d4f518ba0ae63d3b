"""Chromium's CPU profile of a gesture in the desk, read back to the source files.

    with cpu_profile(page, "/tmp/form-open.cpuprofile") as profile:
        page.evaluate(...)
    print_profile(profile["profile"], assets_dir)

The profile (Chrome DevTools' .cpuprofile format, which DevTools opens) samples every 0.2 ms. The
desk's bundles are minified: each sampled function is placed in its source file through the bundle's
source map. Printed: the functions with the most time inclusive of what they call, then ours alone
(sales_flow's files), each in ms of samples; "(idle)" is the page waiting (for the server).
"""

import bisect
import collections
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page

BASE64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


@contextmanager
def cpu_profile(page: Page, path: str) -> Iterator[dict]:
	cdp = page.context.new_cdp_session(page)
	cdp.send("Profiler.enable")
	cdp.send("Profiler.setSamplingInterval", {"interval": 200})
	cdp.send("Profiler.start")
	result: dict = {}
	try:
		yield result
	finally:
		result["profile"] = cdp.send("Profiler.stop")["profile"]
		Path(path).write_text(json.dumps(result["profile"]))
		cdp.detach()


def vlq(segment: str) -> list[int]:
	values, shift, value = [], 0, 0
	for char in segment:
		digit = BASE64[char]
		value += (digit & 31) << shift
		if digit & 32:
			shift += 5
		else:
			values.append(-(value >> 1) if value & 1 else value >> 1)
			shift = value = 0
	return values


class SourceMaps:
	"""Bundle line and column -> source file and line, from the bundles' .map files."""

	def __init__(self, assets: Path):
		self.assets = assets
		self.maps: dict[str, tuple[list[str], list[list[tuple[int, int, int]]]] | None] = {}

	def load(self, path: Path):
		if str(path) not in self.maps:
			self.maps[str(path)] = self.parse(path) if path.with_name(path.name + ".map").exists() else None
		return self.maps[str(path)]

	def parse(self, path: Path):
		source_map = json.loads(path.with_name(path.name + ".map").read_text())
		lines, source, line, column = [], 0, 0, 0
		for mapped in source_map["mappings"].split(";"):
			generated, entries = 0, []
			for segment in filter(None, mapped.split(",")):
				values = vlq(segment)
				generated += values[0]
				if len(values) >= 4:
					source, line, column = source + values[1], line + values[2], column + values[3]
					entries.append((generated, source, line))
			lines.append(entries)
		return source_map["sources"], lines

	def where(self, frame: dict) -> str:
		url, line = frame["url"], frame["lineNumber"]
		if "/assets/" not in url:
			return url or "(native)"
		asset = url.split("/assets/", 1)[1].split("?")[0]
		loaded = self.load(self.assets / asset)
		entries = loaded[1][line] if loaded and line < len(loaded[1]) else []
		at = bisect.bisect_right([e[0] for e in entries], frame["columnNumber"]) - 1
		if at < 0:
			return f"{asset}:{line + 1}"
		_, source, source_line = entries[at]
		return f"{loaded[0][source].split('/apps/')[-1].lstrip('./')}:{source_line + 1}"


def inclusive_times(profile: dict, maps: SourceMaps) -> tuple[collections.Counter, float]:
	"""ms of samples per function, inclusive of its callees (a recursive function counted once)."""
	parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
	label = {
		node["id"]: f"{node['callFrame']['functionName'] or '(anonymous)'}  {maps.where(node['callFrame'])}"
		for node in profile["nodes"]
	}
	own = collections.Counter()
	for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
		own[sample] += delta / 1000
	inclusive = collections.Counter()
	for node, ms in own.items():
		seen = set()
		while node is not None:
			if label[node] not in seen:
				inclusive[label[node]] += ms
				seen.add(label[node])
			node = parent.get(node)
	return inclusive, sum(own.values())


def print_profile(title: str, profile: dict, assets: Path, top: int = 30) -> None:
	inclusive, total = inclusive_times(profile, SourceMaps(assets))
	print(f"\n{title}: {total:.0f} ms sampled; inclusive ms, then sales_flow's functions alone")
	for name, ms in inclusive.most_common(top):
		print(f"{ms:9.1f}  {name}")
	print("  ours:")
	ours = [(name, ms) for name, ms in inclusive.most_common() if "sales_flow" in name]
	for name, ms in ours[:15]:
		print(f"{ms:9.1f}  {name}")
