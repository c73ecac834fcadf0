"""The package's folders, which pyproject.toml's static tables cannot say with a found list:
the code under src/, and templates/ and filters/ at the top of the repository shipped inside
the package as jixiao/templates and jixiao/filters (package data; see src/jixiao/paths.py)."""

from setuptools import find_namespace_packages, setup

DATA = {"jixiao.templates": "templates", "jixiao.filters": "filters"}

setup(
    packages=[*find_namespace_packages("src", include=["jixiao*"], exclude=["*__pycache__*"]),
              *DATA],
    package_dir={"": "src", **DATA},
    package_data={**{name: ["**/*"] for name in DATA},
                  "jixiao": ["locale/*/LC_MESSAGES/*.mo"]},  # the compiled message catalogues
)
