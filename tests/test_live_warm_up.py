"""A worker loads its compiled kernels at start: its first batch compiles nothing."""

import json
import subprocess
import sys
from pathlib import Path

import redis
from conftest import TEST_REDIS_URL

PROBE = """
import json, sys
import numba, redis
from numba.core.registry import CPUDispatcher

def compiled():
    found = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("wirecopy"):
            for attr, value in vars(module).items():
                if isinstance(value, CPUDispatcher):
                    found[f"{name}.{attr}"] = len(value.signatures)
    return found

from factories import make_article, rewrite
from wirecopy.live import LiveIndex
from wirecopy.live.warm_up import warm_up

warm_up()
after_warm_up = compiled()
index = LiveIndex(redis.Redis.from_url(sys.argv[1]), sys.argv[2])
wire = make_article(1)
index.add([wire, rewrite(wire, "heavy", 2), make_article(3)])
index.add([rewrite(wire, "light", 4)])
print(json.dumps({"warm": after_warm_up, "batch": compiled()}))
"""


def test_after_warm_up_indexing_and_linking_compile_no_kernel(
    redis_client: redis.Redis, tenant: str
) -> None:
    tests = Path(__file__).parent
    run = subprocess.run(
        [sys.executable, "-c", PROBE, TEST_REDIS_URL, tenant],
        capture_output=True, text=True, timeout=120, check=True,
        env={"PYTHONPATH": f"{tests}:{tests.parent}", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    kernels = json.loads(run.stdout)
    used = {name for name, signatures in kernels["batch"].items() if signatures}
    assert {"wirecopy.live.layout._hits", "wirecopy.live.layout._grouped"} <= used
    assert kernels["batch"] == kernels["warm"], "the first batch compiled kernels warm_up missed"
