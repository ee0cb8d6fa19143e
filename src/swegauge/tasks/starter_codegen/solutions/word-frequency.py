import re
import sys
from collections import Counter

counts = Counter(re.findall(r"[a-z]+", sys.stdin.read().lower()))
if not counts:
    print("none 0")
else:
    word = min(counts, key=lambda w: (-counts[w], w))
    print(word, counts[word])
