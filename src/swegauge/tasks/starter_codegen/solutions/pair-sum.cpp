#include <iostream>
#include <unordered_map>

int main() {
    std::ios::sync_with_stdio(false);
    long long n, s;
    std::cin >> n >> s;
    std::unordered_map<long long, long long> seen;
    for (long long i = 0; i < n; ++i) {
        long long v;
        std::cin >> v;
        auto it = seen.find(s - v);
        if (it != seen.end()) {
            std::cout << it->second + 1 << " " << i + 1 << "\n";
            return 0;
        }
        seen.emplace(v, i);
    }
    std::cout << -1 << "\n";
}
