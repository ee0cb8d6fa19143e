#include <iostream>
#include <utility>

const unsigned long long MOD = 1000000007ULL;

std::pair<unsigned long long, unsigned long long> fib(unsigned long long n) {
    if (n == 0) return {0, 1};
    auto [a, b] = fib(n >> 1);
    unsigned long long c = a * ((2 * b + MOD - a) % MOD) % MOD;
    unsigned long long d = (a * a + b * b) % MOD;
    if (n & 1) return {d, (c + d) % MOD};
    return {c, d};
}

int main() {
    unsigned long long n;
    std::cin >> n;
    std::cout << fib(n).first << "\n";
}
