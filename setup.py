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
	# factur-x 3.6: the last release accepting Frappe 15's pypdf~=3.17 (3.7 and later want pypdf>=5.3)
	install_requires=["factur-x~=3.6.0"],
	python_requires=">=3.10",
)
