import frappe
import pytest
from frappe.utils.nestedset import NestedSetRecursionError, get_root_of

from tests.support import as_user, assert_rejected, make_user

ROOT = "All Item Groups"


def group(name: str, parent: str | None = None, is_group: int = 0, **values):
	doc = {
		"doctype": "Item Group",
		"item_group_name": name,
		"parent_item_group": parent,
		"is_group": is_group,
	}
	doc.update(values)
	return frappe.get_doc(doc).insert()


def bounds(name: str) -> tuple[int, int]:
	return tuple(frappe.db.get_value("Item Group", name, ["lft", "rgt"]))


def test_the_root_is_installed():
	assert get_root_of("Item Group") == ROOT
	assert frappe.db.get_value("Item Group", ROOT, "is_group") == 1


def test_a_new_group_hangs_under_the_root_with_its_image_and_description():
	doc = group("Test Matériel", image="/files/test-materiel.png", description="Écrans, claviers")
	assert doc.name == "Test Matériel"
	assert doc.parent_item_group == ROOT
	root_lft, root_rgt = bounds(ROOT)
	assert root_lft < doc.lft < doc.rgt < root_rgt
	assert frappe.db.get_value("Item Group", doc.name, ["image", "description"]) == (
		"/files/test-materiel.png",
		"Écrans, claviers",
	)


def test_nested_groups_are_within_their_parents_bounds():
	top = group("Test Top", is_group=1)
	middle = group("Test Middle", parent=top.name, is_group=1)
	leaf = group("Test Leaf", parent=middle.name)
	top_lft, top_rgt = bounds(top.name)
	middle_lft, middle_rgt = bounds(middle.name)
	leaf_lft, leaf_rgt = bounds(leaf.name)
	assert top_lft < middle_lft < leaf_lft < leaf_rgt < middle_rgt < top_rgt


def test_a_group_cannot_move_under_its_own_descendant():
	top = group("Test Top", is_group=1)
	middle = group("Test Middle", parent=top.name, is_group=1)
	group("Test Bottom", parent=middle.name, is_group=1)
	before = frappe.get_all("Item Group", fields=["name", "lft", "rgt", "parent_item_group"], order_by="name")
	top = frappe.get_doc("Item Group", top.name)
	top.parent_item_group = "Test Bottom"
	with pytest.raises(NestedSetRecursionError):
		top.save()
	after = frappe.get_all("Item Group", fields=["name", "lft", "rgt", "parent_item_group"], order_by="name")
	assert after == before


def test_a_group_cannot_be_its_own_parent():
	top = group("Test Top", is_group=1)
	top.parent_item_group = top.name
	with pytest.raises(NestedSetRecursionError):
		top.save()
	assert frappe.db.get_value("Item Group", top.name, "parent_item_group") == ROOT


def test_a_group_with_children_cannot_be_deleted():
	top = group("Test Top", is_group=1)
	group("Test Leaf", parent=top.name)
	assert_rejected(lambda: frappe.delete_doc("Item Group", top.name), "child nodes")
	assert frappe.db.exists("Item Group", top.name)
	assert frappe.db.get_value("Item Group", "Test Leaf", "parent_item_group") == top.name


def test_a_non_group_cannot_take_children():
	leaf = group("Test Leaf")
	assert_rejected(lambda: group("Test Under Leaf", parent=leaf.name), "is not a group")
	assert not frappe.db.exists("Item Group", "Test Under Leaf")


def test_a_group_used_by_an_item_cannot_be_deleted():
	used = group("Test Used")
	frappe.get_doc(
		{"doctype": "Item", "item_code": "TEST-IN-GROUP", "item_group": used.name, "stock_uom": "Unit"}
	).insert()
	with pytest.raises(frappe.LinkExistsError):
		frappe.delete_doc("Item Group", used.name)
	assert frappe.db.exists("Item Group", used.name)


def test_a_childless_group_can_be_deleted():
	group("Test Empty", is_group=1)
	frappe.delete_doc("Item Group", "Test Empty")
	assert not frappe.db.exists("Item Group", "Test Empty")


def test_the_root_cannot_be_deleted():
	with pytest.raises(frappe.ValidationError):
		frappe.delete_doc("Item Group", ROOT)
	assert frappe.db.exists("Item Group", ROOT)


def test_sales_users_read_item_groups_but_only_master_managers_change_them():
	existing = group("Test Existing")
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission("Item Group", "read", existing.name)
		with pytest.raises(frappe.PermissionError):
			group("Test By Rep")
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc("Item Group", existing.name).save()
	with as_user(make_user(["Sales Master Manager"])):
		group("Test By Manager")
	assert not frappe.db.exists("Item Group", "Test By Rep")
	assert frappe.db.exists("Item Group", "Test By Manager")
