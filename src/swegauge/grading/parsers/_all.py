"""Import every built-in parser module so each registers itself."""

from swegauge.grading.parsers import (  # noqa: F401
    cargo,
    ctest,
    django,
    go,
    jest,
    junit,
    mocha,
    node_test,
    pytest_junit,
    sympy,
)
