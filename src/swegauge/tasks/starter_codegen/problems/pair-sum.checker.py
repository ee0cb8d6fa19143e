"""Special judge for pair-sum: any pair i < j with a_i + a_j = s is right; -1 only when none exists."""
import sys

inp, expected, output = (open(p).read().split() for p in sys.argv[1:4])
n, s = int(inp[0]), int(inp[1])
a = [int(x) for x in inp[2:2 + n]]
if expected == ["-1"]:
    ok = output == ["-1"]
    print("ok" if ok else "there is no pair, the answer is -1")
    sys.exit(0 if ok else 1)
if len(output) != 2 or not all(t.lstrip("-").isdigit() for t in output):
    print(f"expected two indices, got {' '.join(output)[:80]!r}")
    sys.exit(1)
i, j = int(output[0]), int(output[1])
if not (1 <= i < j <= n):
    print(f"indices {i} {j} out of range or not increasing")
    sys.exit(1)
if a[i - 1] + a[j - 1] != s:
    print(f"a_{i} + a_{j} = {a[i - 1] + a[j - 1]}, not {s}")
    sys.exit(1)
print("ok")
