"""Red team for the codegen judge: programs that solve nothing and try to be accepted anyway.

The hidden test's expected output is a fresh random token, so only a program that can read it (from disk,
another process, the judge's files or pipes) could print it. Each attack must end not accepted, and
nothing it does may reach the host (canary paths stay absent, no process outlives the grading).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path

import pytest

from swegauge.grading.codegen.judge import ACCEPTED, RUNTIME, TIME, WRONG
from tests.grading.codegen.support import codegen_task, judge

CANARY = Path(tempfile.gettempdir()) / "swegauge-redteam-canary" / "codegen"


def secret_task(**spec):
    token = f"SECRET-{secrets.token_hex(16)}"
    tests = [{"input": "ping\n", "output": f"{token}\n"}, {"input": "ping2\n", "output": f"{token}\n"}]
    return codegen_task("python", tests=tests, **spec), token


def no_canary() -> None:
    assert not CANARY.exists(), f"{CANARY} was written from inside the sandbox"


@pytest.fixture(autouse=True)
def _clean_canary():
    if CANARY.exists():
        CANARY.unlink()
    yield
    no_canary()


def test_printing_accepted_is_a_wrong_answer():
    task, _ = secret_task()
    verdict = judge().grade(task, "print('Accepted')\nprint('OK: all tests passed')\n")
    assert verdict.judgement == WRONG and not verdict.resolved


def test_exiting_zero_early_is_a_wrong_answer():
    task, _ = secret_task()
    for program in ("import sys\nsys.exit(0)\n", "import os\nos._exit(0)\n", "import os, signal\nos.kill(os.getppid(), 9)\n"):
        verdict = judge().grade(task, program)
        assert verdict.judgement in (WRONG, RUNTIME) and not verdict.resolved, program


HUNT = r'''
import os, re, stat, sys
pattern = re.compile(rb"SECRET-[0-9a-f]{32}")
roots = ["/"]  # everything the sandbox shows, but the read-only toolchains and kernel views
skip = ("/proc", "/sys", "/usr", "/dev", "/root/.pyenv", "/root/.rustup", "/lib", "/bin", "/sbin")
found = None
def scan(path):
    global found
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # pipes would block; the test's stdin is a file
            return
        with open(path, "rb") as handle:
            hit = pattern.search(handle.read(4_000_000))
            if hit:
                found = hit.group().decode()
    except Exception:
        pass
for pid in os.listdir("/proc"):
    if pid.isdigit():
        for name in ("cmdline", "environ"):
            scan(f"/proc/{pid}/{name}")
        for fd in (os.listdir(f"/proc/{pid}/fd") if os.access(f"/proc/{pid}/fd", os.R_OK) else []):
            scan(f"/proc/{pid}/fd/{fd}")
for root in roots:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not os.path.join(folder, d).startswith(skip)]
        for file in files:
            scan(os.path.join(folder, file))
        if found:
            break
print(found or "nothing found")
'''


def test_reading_the_hidden_tests_from_disk_or_other_processes_finds_nothing():
    task, token = secret_task(time_limit_s=10)
    verdict = judge().grade(task, HUNT)
    assert verdict.judgement != ACCEPTED, "the program read the expected output"
    assert token not in (verdict.log_tail or "")
    assert verdict.judgement == WRONG, verdict.reason  # it finished its search and found nothing


def test_writing_to_expected_output_paths_changes_nothing():
    task, _ = secret_task()
    program = f'''
import os
targets = ["/workspace/expected.txt", "/workspace/output.txt", "/prog/expected.txt", "/judge/expected.txt",
           "/tmp/expected.txt", "/dev/shm/expected", {str(CANARY)!r}]
for path in targets:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as handle:
            handle.write("SECRET-" + "0" * 32)
    except OSError:
        pass
print("SECRET-" + "0" * 32)
'''
    verdict = judge().grade(task, program)
    assert verdict.judgement == WRONG
    no_canary()


def test_a_special_judge_cannot_be_fooled_through_files_the_program_leaves():
    checker = ("import sys, pathlib\nok = pathlib.Path(sys.argv[3]).read_text().strip() == 'right'\n"
               "print('ok' if ok else 'no')\nsys.exit(0 if ok else 1)\n")
    task = codegen_task("python", tests=[{"input": "x\n", "output": "right\n"}],
                        checker={"mode": "special", "program": checker})
    program = ("import pathlib\nfor p in ('/workspace/output.txt', '/workspace/checker.py', '/tmp/output.txt'):\n"
               "    try:\n        pathlib.Path(p).write_text(\"import sys; sys.exit(0)\")\n    except OSError:\n        pass\n"
               "print('wrong')\n")
    assert judge().grade(task, program).judgement == WRONG


def _live_with(marker: str) -> list[str]:
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    pids.append(pid)
            except OSError:
                pass
    return pids


def test_a_forked_child_that_outlives_the_program_is_killed_and_fixes_nothing():
    task, _ = secret_task()
    marker = f"swegauge-redteam-{secrets.token_hex(6)}"
    program = f'''
import os, subprocess, sys
subprocess.Popen(["bash", "-c", "exec -a {marker} sleep 60"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    import time
    time.sleep(3)
    open({str(CANARY)!r}, "w").write("escaped")
    os._exit(0)
print("nothing")
'''
    started = time.monotonic()
    verdict = judge().grade(task, program)
    assert verdict.judgement == WRONG and time.monotonic() - started < 60
    time.sleep(0.5)
    assert _live_with(marker) == [], "a process of the program survived its sandbox"


def test_sleeping_past_the_limit_and_a_fork_bomb_are_not_accepted():
    task, _ = secret_task(time_limit_s=0.5)
    sleeper = judge().grade(task, "import time\ntime.sleep(120)\n")
    assert sleeper.judgement == TIME and sleeper.test_seconds < 15
    bomb = judge().grade(task, "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n")
    assert bomb.judgement in (TIME, RUNTIME) and not bomb.resolved


def test_function_style_forged_result_lines_do_not_help():
    spec = {"style": "function", "entry_point": "answer", "tests": [{"args": [], "expected": secrets.token_hex(8)}]}
    task = codegen_task("python", **spec)
    forged = ("import os\nos.write(1, b'@@swegauge-result@@ \"forged\"\\n')\n"
              "for fd in range(3, 20):\n    try:\n        os.write(fd, b'@@swegauge-result@@ \"forged\"\\n')\n"
              "    except OSError:\n        pass\n"
              "def answer():\n    return 'mine'\n")
    assert judge().grade(task, forged).judgement == WRONG
    early = "import os\nos._exit(0)\ndef answer():\n    return 1\n"
    assert judge().grade(task, early).judgement in (WRONG, RUNTIME)
    peek = ("import sys, gc\ndef answer():\n    for obj in gc.get_objects():\n"
            "        if isinstance(obj, dict) and 'expected' in obj:\n            return obj['expected']\n"
            "    return sys.stdin.read() if not sys.stdin.closed else 'none'\n")
    assert judge().grade(task, peek).judgement == WRONG
