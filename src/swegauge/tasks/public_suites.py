"""The public suites by name: SWE-bench (full, Lite, Lite dev, Verified, Multilingual) and Multi-SWE-bench.

`swegauge validate swebench-verified` finds its tasks, first match wins:

1. a name registered in $SWEGAUGE_CACHE/suites.json or suites/ (see `suites`), so a local copy can be
   named once and for all;
2. a local file in one of the folders of $SWEGAUGE_DATA (`os.pathsep`-separated): the suite's name or
   one of its usual file names (`swebench_verified.jsonl`, `SWE-bench_Verified.parquet`, ...: see
   PUBLIC_SUITES) with any suite-file suffix, or a folder of that name (Multi-SWE-bench ships one JSONL
   file per repository);
3. the Hugging Face hub, through the optional `datasets` package, when it is importable and the hub
   answers (or HF_HUB_OFFLINE / HF_DATASETS_OFFLINE say to use the local Hugging Face cache);
4. else a SuiteError saying how to get the file.

Task ids are the datasets' own instance_ids (SWE-bench's "django__django-11099", Multi-SWE-bench's
"org__repo-number"), whichever way the records were found.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from swegauge.tasks.loaders import SUITE_SUFFIXES, parse_hf_spec

DATA_ENV = "SWEGAUGE_DATA"
HUB_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class PublicSuite:
    name: str
    hf: str
    files: tuple[str, ...]
    """File names (without suffix) a local copy is usually saved under."""


PUBLIC_SUITES: dict[str, PublicSuite] = {
    suite.name: suite
    for suite in (
        PublicSuite("swebench-verified", "hf:SWE-bench/SWE-bench_Verified:test",
                    ("swebench_verified", "SWE-bench_Verified", "swe-bench-verified")),
        PublicSuite("swebench-lite", "hf:SWE-bench/SWE-bench_Lite:test",
                    ("swebench_lite_test", "swebench_lite", "SWE-bench_Lite", "swe-bench-lite")),
        PublicSuite("swebench-lite-dev", "hf:SWE-bench/SWE-bench_Lite:dev",
                    ("swebench_lite_dev", "SWE-bench_Lite_dev", "swe-bench-lite-dev")),
        PublicSuite("swebench-full", "hf:SWE-bench/SWE-bench:test",
                    ("swebench_full", "swebench_test", "swebench", "SWE-bench", "swe-bench")),
        PublicSuite("swebench-multilingual", "hf:SWE-bench/SWE-bench_Multilingual:test",
                    ("swebench_multilingual", "SWE-bench_Multilingual", "swe-bench-multilingual")),
        PublicSuite("multi-swe-bench", "hf:ByteDance-Seed/Multi-SWE-bench:train",
                    ("multi_swe_bench", "Multi-SWE-bench", "multi-swe-bench")),
    )
}


def data_dirs() -> list[Path]:
    """The folders of $SWEGAUGE_DATA that exist."""
    value = os.environ.get(DATA_ENV, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part and Path(part).expanduser().is_dir()]


def local_copy(suite: PublicSuite) -> Path | None:
    """The first local file (or folder) for `suite` in $SWEGAUGE_DATA, or None."""
    stems = [suite.name, *suite.files]
    for folder in data_dirs():
        for stem in stems:
            for suffix in SUITE_SUFFIXES:
                candidate = folder / f"{stem}{suffix}"
                if candidate.is_file():
                    return candidate
            if (folder / stem).is_dir():
                return folder / stem
    return None


def hub_unavailable() -> str | None:
    """Why the Hugging Face hub cannot be used now (None: it can)."""
    try:
        import datasets  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return "the optional `datasets` package is not installed"
    if os.environ.get("HF_HUB_OFFLINE") == "1" or os.environ.get("HF_DATASETS_OFFLINE") == "1":
        return None  # offline mode: datasets reads its own cache
    host = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co")).hostname or "huggingface.co"
    try:
        socket.create_connection((host, 443), timeout=HUB_TIMEOUT_S).close()
    except OSError as err:
        return f"the hub ({host}) cannot be reached: {err}"
    return None


def how_to_get(suite: PublicSuite, why: str) -> str:
    """The error for a public suite that has no local copy and no usable hub."""
    dataset, split = parse_hf_spec(suite.hf)
    looked = ", ".join(str(p) for p in data_dirs()) or f"${DATA_ENV} is not set"
    names = ", ".join(f"{stem}.jsonl" for stem in (suite.name, *suite.files[:2]))
    return (
        f"suite {suite.name!r} ({dataset}, split {split!r}): no local copy (looked in: {looked}) and {why}. "
        f"Either install `datasets` (pip install datasets) and run with network access, or download the "
        f"dataset once (e.g. `huggingface-cli download {dataset} --repo-type dataset --local-dir DIR`, or "
        f"save the split as JSONL/Parquet) and put it in a folder listed in ${DATA_ENV} as {names} (or a "
        f"folder named {suite.name}), or register its path under the name {suite.name!r} in "
        f"$SWEGAUGE_CACHE/suites.json"
    )
