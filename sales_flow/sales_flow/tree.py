"""Common behaviour of the sales trees (Customer Group, Territory, Item Group)."""

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet, NestedSetRecursionError, get_root_of


class SalesTree(NestedSet):
	"""A tree whose nodes hang under one root; only groups take children; the root stays."""

	# read by NestedSet.on_trash
	allow_root_deletion = False

	def __setup__(self) -> None:
		self.nsm_parent_field = self.meta.nsm_parent_field

	def validate(self) -> None:
		self.reload_tree_position()
		parent_field = self.nsm_parent_field
		if not self.get(parent_field) and not self.is_root_being_created():
			self.set(parent_field, get_root_of(self.doctype))
		parent = self.get(parent_field)
		if parent:
			self.validate_parent_is_a_group(parent)
			self.validate_parent_is_not_a_descendant(parent)

	def reload_tree_position(self) -> None:
		"""NestedSet moves nodes by the lft/rgt it holds: a copy loaded before a sibling was added
		(or sent back by a form) holds stale ones and would corrupt the tree. The database is right."""
		if not self.is_new():
			self.lft, self.rgt, self.old_parent = frappe.db.get_value(
				self.doctype, self.name, ["lft", "rgt", "old_parent"]
			)

	def validate_parent_is_a_group(self, parent: str) -> None:
		if parent == self.name:
			frappe.throw(
				_("{0} cannot be its own parent.").format(frappe.bold(self.name)), NestedSetRecursionError
			)
		if not frappe.db.get_value(self.doctype, parent, "is_group"):
			frappe.throw(
				_("{0} {1} is not a group: only groups can have children.").format(
					_(self.doctype), frappe.bold(parent)
				)
			)

	def validate_parent_is_not_a_descendant(self, parent: str) -> None:
		if self.is_new():
			return
		parent_lft = frappe.db.get_value(self.doctype, parent, "lft")
		if self.lft < parent_lft < self.rgt:
			frappe.throw(
				_("{0} cannot be moved under {1}, which is one of its own descendants.").format(
					frappe.bold(self.name), frappe.bold(parent)
				),
				NestedSetRecursionError,
			)

	def is_root_being_created(self) -> bool:
		return self.is_new() and not frappe.db.count(self.doctype)

	def on_update(self) -> None:
		super().on_update()
		self.validate_one_root()
