import sys

data = sys.stdin.buffer.read().split()
n, s = int(data[0]), int(data[1])
seen = {}
for index in range(n):
    value = int(data[2 + index])
    if s - value in seen:
        print(seen[s - value] + 1, index + 1)
        break
    seen.setdefault(value, index)
else:
    print(-1)
