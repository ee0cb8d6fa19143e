#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <utility>
#include <vector>

namespace intervals {

// A set of disjoint half-open ranges [lo, hi) over an ordered type T. Ranges that overlap are merged
// when inserted, so the set always holds the fewest ranges that cover the same values.
template <typename T>
class IntervalSet {
public:
    using Interval = std::pair<T, T>;

    // Adds [lo, hi). An empty range (hi <= lo) changes nothing.
    void insert(T lo, T hi) {
        if (!(lo < hi)) {
            return;
        }
        auto it = ranges_.upper_bound(lo);
        if (it != ranges_.begin()) {
            auto prev = std::prev(it);
            if (lo < prev->second) {
                lo = prev->first;
                hi = std::max(hi, prev->second);
                it = ranges_.erase(prev);
            }
        }
        while (it != ranges_.end() && it->first < hi) {
            hi = std::max(hi, it->second);
            it = ranges_.erase(it);
        }
        ranges_.emplace(lo, hi);
    }

    bool contains(const T &value) const {
        auto it = ranges_.upper_bound(value);
        if (it == ranges_.begin()) {
            return false;
        }
        return value < std::prev(it)->second;
    }

    // The number of disjoint ranges.
    std::size_t size() const { return ranges_.size(); }

    bool empty() const { return ranges_.empty(); }

    // The ranges in increasing order.
    std::vector<Interval> intervals() const { return {ranges_.begin(), ranges_.end()}; }

    friend bool operator==(const IntervalSet &a, const IntervalSet &b) { return a.ranges_ == b.ranges_; }
    friend bool operator!=(const IntervalSet &a, const IntervalSet &b) { return !(a == b); }

private:
    std::map<T, T> ranges_;  // lo -> hi
};

}  // namespace intervals
