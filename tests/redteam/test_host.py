"""Attacks on the host through grading: git metadata, links out of the workspace, hostile patches, the
network, host files, secrets, history, stray processes. Nothing a candidate writes may run or land on the
host; each attack ends unresolved with its reason and leaves no trace (tests/redteam/framework.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import threading

import pytest

from swegauge.sandbox import Limits
from swegauge.sandbox.identity import current_identity
from swegauge.solvers.diffs import DiffError, make_diff
from tests.redteam.framework import (
    CANARY_DIR, Attack, attack_patch, attack_suite, grade_attack, reset_canary, starter_task,
)

T = "starter__kvline-1"
LIB = "kvline/__init__.py"
HOOK = f"#!/bin/sh\ntouch {CANARY_DIR}/hook-ran\n"


def _new_file(path: str, text: str, mode: str = "100755") -> str:
    lines = text.splitlines()
    body = "".join(f"+{line}\n" for line in lines)
    return (f"diff --git a/{path} b/{path}\nnew file mode {mode}\n--- /dev/null\n+++ b/{path}\n"
            f"@@ -0,0 +1,{len(lines)} @@\n{body}")


def _plain_new_file(path: str, text: str) -> str:
    lines = text.splitlines()
    return f"--- {path}\n+++ {path}\n@@ -0,0 +1,{len(lines)} @@\n" + "".join(f"+{x}\n" for x in lines)


LINK_OUT = (f"diff --git a/out b/out\nnew file mode 120000\n--- /dev/null\n+++ b/out\n@@ -0,0 +1 @@\n+{CANARY_DIR}\n"
            "\\ No newline at end of file\n" + _new_file("out/pwned", "owned", "100644"))
BINARY = ("diff --git a/blob.bin b/blob.bin\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\n"
          "literal 12\nTcmZQzKn4&2|NsBrP;dbN0{8)#\n\nliteral 0\nHcmV?d00001\n\n")

ATTACKS = [
    Attack("patch adds a git hook", "git", T, patch=_new_file(".git/hooks/post-checkout", HOOK),
           reason=("patch refused", "git metadata")),
    Attack("plain (non-git) patch adds a git hook for the patch fallback", "git", T,
           patch=_plain_new_file(".git/hooks/post-checkout", HOOK), reason=("refused", ".git")),
    Attack("patch writes a nested repository's config", "git", T,
           patch=_new_file("sub/.git/config", "[core]\n\tfsmonitor = touch /tmp/x\n", "100644"),
           reason=("refused", ".git")),
    Attack("patch writes .GIT/config (case variant)", "git", T,
           patch=_new_file(".GIT/config", "[core]\n\thooksPath = /tmp\n", "100644"), reason=("refused", ".git")),
    Attack("patch renames a file into .git", "git", T,
           patch="diff --git a/README.md b/.git/config\nsimilarity index 100%\nrename from README.md\nrename to .git/config\n",
           reason=("refused", ".git")),
    Attack("patch makes a link out of the workspace and writes through it", "links", T, patch=LINK_OUT,
           reason=("refused", "symbolic link")),
    Attack("patch names an absolute path", "paths", T, patch=_plain_new_file("/tmp/swegauge-redteam-canary/abs", "x"),
           reason=("outside the repository",)),
    Attack("patch climbs out with ..", "paths", T, patch=_new_file("../../escape.txt", "x", "100644"),
           reason=("outside the repository",)),
    Attack("malformed patch", "patches", T, patch="this is not a diff\n@@ nonsense @@\n", reason=("not a valid",)),
    Attack("binary patch", "patches", T, patch=BINARY, reason=()),
    Attack("huge patch (20 MB of added lines)", "patches", T,
           patch=_new_file("big.txt", "\n".join("x" * 99 for _ in range(200_000)), "100644"),
           reason=("listed tests did not pass",)),
    Attack("code under test writes the workspace's .git", "git", T, append={LIB: (
        "import pathlib\np = pathlib.Path('/workspace/.git/hooks/post-checkout')\n"
        f"p.write_text({HOOK!r})\np.chmod(0o755)\n")}, reason=("listed tests did not pass",)),
    Attack("code under test writes host paths", "host files", T, append={LIB: (
        f"import os\nfor p in ({str(CANARY_DIR)!r} + '/written', '/root/swegauge-redteam', '/etc/swegauge-redteam'):\n"
        "    try:\n        open(p, 'w').write('x')\n    except OSError:\n        pass\n")},
        reason=("listed tests did not pass",)),
    # a start error is the harness's word ("error", retried): the candidate's own words cannot become it
    Attack("code under test prints bubblewrap's start error and exits 1", "outcomes", T, append={LIB: (
        "import os, sys\nsys.stderr.write(\"bwrap: Can't mount proc on /newroot/proc: Operation not permitted\\n\")\n"
        "sys.stderr.flush()\nvars(os)['_ex' + 'it'](1)\n")}, reason=("did not finish",)),
]


LIMITS = Limits(wall_seconds=20, memory_mb=768, processes=128, disk_mb=200)


grader, test_attack_is_not_resolved = attack_suite(ATTACKS, LIMITS)


@pytest.mark.integration
def test_no_attack_wrote_the_host_paths_it_aimed_at():
    assert not os.path.exists("/root/swegauge-redteam") and not os.path.exists("/etc/swegauge-redteam")


def _dump_at_import(code: str) -> Attack:
    """Code under test that raises at import with what it found, so pytest prints it in the log."""
    return Attack("probe", "probe", T, append={LIB: code})


@pytest.mark.integration
def test_host_secrets_never_reach_the_sandbox(grader, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-redteam-canary")
    monkeypatch.setenv("MOONSHOT_API_KEY", "sk-redteam-canary")
    verdict = grade_attack(_dump_at_import("import os\nraise RuntimeError('ENV=' + repr(sorted(os.environ)))\n"),
                           grader)
    assert verdict.outcome == "unresolved"
    assert "ENV=" in verdict.log_tail and "PATH" in verdict.log_tail
    assert "sk-redteam-canary" not in verdict.log_tail and "API_KEY" not in verdict.log_tail


@pytest.mark.integration
def test_sandboxed_code_is_not_root_on_the_host(grader):
    code = ("import os\nopen('/workspace/made-here', 'w').close()\n"
            "raise RuntimeError('UID=%d OWNER=%d' % (os.getuid(), os.stat('/workspace/made-here').st_uid))\n")
    verdict = grade_attack(_dump_at_import(code), grader)
    uid = current_identity().uid
    assert "UID=0 " not in verdict.log_tail and "UID=" in verdict.log_tail
    if os.geteuid() == 0:  # run as root: an unprivileged host uid, never root
        assert f"UID={uid} OWNER={uid}" in verdict.log_tail and uid != 0


@pytest.mark.integration
def test_history_after_base_is_not_in_the_workspace(grader):
    code = ("import subprocess\nout = subprocess.run(['git', 'log', '--all', '--format=%H'], cwd='/workspace',"
            " capture_output=True, text=True).stdout.split()\nraise RuntimeError('COMMITS=%d' % len(out))\n")
    verdict = grade_attack(_dump_at_import(code), grader)
    assert "COMMITS=1" in verdict.log_tail


@pytest.mark.integration
def test_the_network_is_unreachable_even_on_loopback(grader):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    hits = []

    def accept():
        try:
            hits.append(listener.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    code = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=2)\n    r = 'OPEN'\n"
            "except OSError as e:\n    r = 'CLOSED ' + type(e).__name__\nraise RuntimeError('NET=' + r)\n")
    verdict = grade_attack(_dump_at_import(code), grader)
    thread.join()
    listener.close()
    assert "NET=CLOSED" in verdict.log_tail and not hits


@pytest.mark.integration
def test_sleeping_children_die_with_the_sandbox(grader):
    code = ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        os.execvp('sleep', ['sleep', '31337'])\n    os._exit(0)\n")
    verdict = grade_attack(_dump_at_import(code), grader)
    assert verdict.outcome == "unresolved"
    stray = subprocess.run(["pgrep", "-f", "sleep 31337"], capture_output=True, text=True).stdout.split()
    assert stray == []


def test_make_diff_refuses_git_metadata(tmp_path):
    with pytest.raises(DiffError, match=r"\.git"):
        make_diff(tmp_path, {".git/config": "[core]\n\tfsmonitor = touch /tmp/pwned\n"})
    with pytest.raises(DiffError, match="outside"):
        make_diff(tmp_path, {"../x": "y"})


@pytest.mark.integration
def test_a_symlinked_tests_directory_cannot_make_the_host_delete_or_write_outside(grader):
    task = starter_task(T)
    reset_canary()
    victim = CANARY_DIR / "test_decode.py"
    victim.write_text("precious\n")
    removal = attack_patch(Attack("x", "x", T, files={f"tests/{n}": None for n in (
        "test_decode.py", "test_encode.py", "test_main.py", "test_roundtrip.py", "test_stream.py")}), task)
    link = (f"diff --git a/tests b/tests\nnew file mode 120000\n--- /dev/null\n+++ b/tests\n@@ -0,0 +1 @@\n"
            f"+{CANARY_DIR}\n\\ No newline at end of file\n")
    verdict = grader.grade(task, removal + link)
    assert verdict.outcome == "unresolved"
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in CANARY_DIR.iterdir()) == ["test_decode.py"]
