#include <iostream>

int main() {
    long long n, x, total = 0;
    std::cin >> n;
    for (long long i = 0; i < n; ++i) {
        std::cin >> x;
        total += x;
    }
    std::cout << total << "\n";
}
