#include <iostream>
#include <vector>

int main() {
    long long n;
    std::cin >> n;
    if (n < 2) { std::cout << 0 << "\n"; return 0; }
    std::vector<bool> composite(n + 1, false);
    long long count = 0;
    for (long long i = 2; i <= n; ++i) {
        if (composite[i]) continue;
        ++count;
        for (long long j = i * i; j <= n; j += i) composite[j] = true;
    }
    std::cout << count << "\n";
}
