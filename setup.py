from setuptools import find_packages, setup

from sales_flow import __version__ as version

setup(
	name="sales_flow",
	version=version,
	description="The whole sales cycle for the Frappe framework",
	author="sales_flow developers",
	author_email="dev@sales-flow.invalid",
	packages=find_packages(exclude=["tests", "tests.*", "benchmarks"]),
	zip_safe=False,
	include_package_data=True,
	install_requires=[],
	python_requires=">=3.10",
)
