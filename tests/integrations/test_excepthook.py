"""The Python excepthook, in a real crashing product process: the report is handed over, the
product still prints its traceback and dies with its own exit code."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from support_assistant.core import triggers

ROOT = Path(__file__).resolve().parents[2]

PRODUCT = textwrap.dedent("""
    import sys, threading
    from support_assistant.integrations import install_excepthook

    install_excepthook(product="Crashy", version="3.1", screenshot="none")

    def divide(a, b):
        return a / b

    if sys.argv[1] == "thread":
        worker = threading.Thread(target=divide, args=(1, 0))
        worker.start()
        worker.join()
        print("main thread goes on")
    else:
        divide(1, 0)
""")



def run_product(tmp_path: Path, mode: str, env: dict[str, str] | None = None):
    script = tmp_path / "product.py"
    script.write_text(PRODUCT)
    (tmp_path / "tmp").mkdir()
    full = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"), TMPDIR=str(tmp_path / "tmp"))
    full.update(env or {})
    return subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True,
                          env=full, timeout=60)


def test_an_unhandled_exception_is_reported_with_its_traceback(tmp_path, instance_lock) -> None:
    done = run_product(tmp_path, "main")
    assert done.returncode == 1  # the product's own crash, unchanged
    assert "ZeroDivisionError: division by zero" in done.stderr  # the previous hook still ran
    [(request, _folder)] = triggers.drain()
    assert (request.product, request.product_version) == ("Crashy", "3.1")
    assert request.error_message == "ZeroDivisionError: division by zero"
    assert "in divide" in request.error_trace and "return a / b" in request.error_trace
    assert list((tmp_path / "tmp").iterdir()) == []  # the error file was removed


def test_exceptions_in_threads_are_reported_too(tmp_path, instance_lock) -> None:
    done = run_product(tmp_path, "thread")
    assert done.returncode == 0 and "main thread goes on" in done.stdout
    [(request, _folder)] = triggers.drain()
    assert request.error_message.startswith("ZeroDivisionError")


def test_a_missing_assistant_never_hides_the_products_error(tmp_path) -> None:
    done = run_product(tmp_path, "main", env={"SUPPORT_ASSISTANT_COMMAND": "/no/such/assistant"})
    assert done.returncode == 1
    assert "ZeroDivisionError" in done.stderr
    assert triggers.drain() == []
