# swegauge's pytest reporter, mounted read-only at /harness/pytest and loaded with `-p swegauge_report`.
#
# It sends one JSON line per test phase over the result channel: a pipe whose reader is the host, named
# by $SWEGAUGE_CHANNEL_FD. Every line carries the run's secret, read once from $SWEGAUGE_SECRET_FD when
# this plugin loads (before any conftest, test module or code under test is imported), so lines written
# by anything else are recognisable as forged. A session that does not reach pytest_sessionfinish (an
# os._exit, a crash) sends no "finish" line, and the grader knows the run did not complete.
# Written for every Python and pytest that SWE-bench tasks use (Python 2.7/3.5+, pytest 3+): no f-strings.
import json
import os

_state = {"out": None, "secret": None, "sent": 0}


def _connect():
    channel = os.environ.pop("SWEGAUGE_CHANNEL_FD", None)
    secret_fd = os.environ.pop("SWEGAUGE_SECRET_FD", None)
    if channel is None or secret_fd is None:
        return  # not a graded run (a pytest started by the tests themselves, say): do nothing
    try:
        secret = os.read(int(secret_fd), 4096).decode("ascii")
        os.close(int(secret_fd))
        out = os.dup(int(channel))
        os.close(int(channel))
    except (OSError, ValueError):
        return
    _state["out"], _state["secret"] = out, secret


def _send(event, **fields):
    out = _state["out"]
    if out is None:
        return
    fields["e"] = event
    fields["k"] = _state["secret"]
    data = (json.dumps(fields, sort_keys=True) + "\n").encode("utf-8")
    try:
        while data:
            data = data[os.write(out, data):]
    except OSError:
        _state["out"] = None


_connect()
_send("start", pid=os.getpid())  # at load: before conftest files or the code under test are imported


# The hooks hold their own reference to _send (a default argument), so replacing this module's _send
# afterwards changes nothing they do.
def pytest_collectreport(report, _send=_send):
    if report.failed:
        _send("collect", nodeid=report.nodeid, outcome="failed")


def pytest_runtest_logreport(report, _send=_send, _state=_state):
    outcome = report.outcome
    if outcome == "rerun":
        return
    _state["sent"] += 1
    _send("test", nodeid=report.nodeid, when=report.when, outcome=outcome,
          xfail=hasattr(report, "wasxfail"))


def pytest_sessionfinish(session, exitstatus, _send=_send, _state=_state):
    _send("finish", exitstatus=int(exitstatus), reports=_state["sent"])
