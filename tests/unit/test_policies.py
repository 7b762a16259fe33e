"""Run every Rego unit test in gateway/policies/*_test.rego through the embedded engine (regopy).

Test rules are found by reading the files: each top-level rule named `test_*` in a `*_test.rego`
file is one pytest case, and passes only when it evaluates to exactly `true` (false, undefined or an
evaluation error fail it), as `opa test` would judge it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import regopy

from hmis_gateway.policy import DEFAULT_POLICY_DIR

PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)
TEST_RULE = re.compile(r"^(test_\w+)", re.MULTILINE)


def rego_tests(policy_dir: Path) -> list[tuple[str, str]]:
    """(package, rule) of every test rule in the directory's `*_test.rego` files."""
    found = []
    for path in sorted(policy_dir.glob("*_test.rego")):
        source = path.read_text(encoding="utf-8")
        package = PACKAGE.search(source)
        assert package, f"{path.name} has no package"
        found += [(package.group(1), rule) for rule in dict.fromkeys(TEST_RULE.findall(source))]
    return found


def rego_test_passes(modules: dict[str, str], package: str, rule: str) -> bool:
    """Whether data.<package>.<rule> is exactly true with every module loaded (policies and tests)."""
    interpreter = regopy.Interpreter()
    interpreter.log_level = regopy.LogLevel.NONE
    for name, source in modules.items():
        interpreter.add_module(name, source)
    output = interpreter.query(f"result := data.{package}.{rule}")
    # Only ok() may be asked of a failed output: printing one can crash rego-cpp 1.5.2.
    return output.ok() and len(output) == 1 and output[0].bindings.get("result") is True


def all_modules(policy_dir: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(policy_dir.glob("*.rego"))}


MODULES = all_modules(DEFAULT_POLICY_DIR)
TESTS = rego_tests(DEFAULT_POLICY_DIR)


def test_policy_directory_has_rego_tests():
    assert len(TESTS) >= 20


@pytest.mark.parametrize(("package", "rule"), TESTS, ids=[f"{package}.{rule}" for package, rule in TESTS])
def test_rego_unit_test_passes(package: str, rule: str):
    assert rego_test_passes(MODULES, package, rule)


def test_false_undefined_and_erroring_rego_tests_do_not_pass(tmp_path: Path):
    (tmp_path / "demo.rego").write_text(
        "package demo\n\nanswer := input.n * 2\n\nsplit := 1 if input.n > 0\n\nsplit := 2 if input.n > 0\n")
    (tmp_path / "demo_test.rego").write_text(
        "package demo_test\n\n"
        "import data.demo\n\n"
        "test_true if demo.answer == 4 with input.n as 2\n\n"
        "test_false := false\n\n"
        "test_undefined if demo.answer == 5 with input.n as 2\n\n"
        'test_not_boolean := "yes"\n\n'
        "test_conflict if demo.split == 1 with input.n as 1\n"
    )
    modules = all_modules(tmp_path)
    found = rego_tests(tmp_path)
    assert [rule for _, rule in found] == [
        "test_true", "test_false", "test_undefined", "test_not_boolean", "test_conflict"]
    assert rego_test_passes(modules, "demo_test", "test_true")
    assert not rego_test_passes(modules, "demo_test", "test_false")
    assert not rego_test_passes(modules, "demo_test", "test_undefined")
    assert not rego_test_passes(modules, "demo_test", "test_not_boolean")
    assert not rego_test_passes(modules, "demo_test", "test_conflict")  # an evaluation error
    assert not rego_test_passes(modules, "demo_test", "test_missing")
