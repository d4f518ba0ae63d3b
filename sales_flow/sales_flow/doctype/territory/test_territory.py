"""Tree integrity, checked on Territory and Customer Group (both are sales_flow.sales_flow.tree.SalesTree)."""

import frappe
import pytest
from frappe.utils.nestedset import NestedSetRecursionError, get_root_of

from tests.support import as_user, assert_rejected, make_user

TREES = [
	("Territory", "territory_name", "parent_territory"),
	("Customer Group", "customer_group_name", "parent_customer_group"),
]


def node(doctype, name_field, parent_field, name, parent=None, is_group=0):
	return frappe.get_doc(
		{"doctype": doctype, name_field: name, parent_field: parent, "is_group": is_group}
	).insert()


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_a_new_node_hangs_under_the_root_by_default(doctype, name_field, parent_field):
	doc = node(doctype, name_field, parent_field, "Test Node A")
	root = get_root_of(doctype)
	assert doc.get(parent_field) == root
	lft, rgt = frappe.db.get_value(doctype, root, ["lft", "rgt"])
	assert lft < doc.lft < doc.rgt < rgt


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_no_cycles(doctype, name_field, parent_field):
	top = node(doctype, name_field, parent_field, "Test Top", is_group=1)
	child = node(doctype, name_field, parent_field, "Test Child", parent=top.name, is_group=1)
	top.set(parent_field, child.name)
	with pytest.raises(NestedSetRecursionError):
		top.save()
	assert frappe.db.get_value(doctype, top.name, parent_field) == get_root_of(doctype)


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_a_group_with_children_cannot_be_deleted(doctype, name_field, parent_field):
	top = node(doctype, name_field, parent_field, "Test Top", is_group=1)
	node(doctype, name_field, parent_field, "Test Leaf", parent=top.name)
	assert_rejected(lambda: frappe.delete_doc(doctype, top.name), "child nodes")
	assert frappe.db.exists(doctype, top.name)


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_only_groups_take_children(doctype, name_field, parent_field):
	leaf = node(doctype, name_field, parent_field, "Test Leaf")
	assert_rejected(
		lambda: node(doctype, name_field, parent_field, "Test Under Leaf", parent=leaf.name), "is not a group"
	)
	assert not frappe.db.exists(doctype, "Test Under Leaf")


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_the_root_cannot_be_deleted(doctype, name_field, parent_field):
	root = get_root_of(doctype)
	with pytest.raises(frappe.ValidationError):
		frappe.delete_doc(doctype, root)
	assert frappe.db.exists(doctype, root)


@pytest.mark.parametrize("doctype, name_field, parent_field", TREES)
def test_sales_users_read_trees_but_only_master_managers_change_them(doctype, name_field, parent_field):
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission(doctype, "read")
		with pytest.raises(frappe.PermissionError):
			node(doctype, name_field, parent_field, "Test By Rep")
	with as_user(make_user(["Sales Master Manager"])):
		node(doctype, name_field, parent_field, "Test By Manager")
	assert not frappe.db.exists(doctype, "Test By Rep")
	assert frappe.db.exists(doctype, "Test By Manager")
