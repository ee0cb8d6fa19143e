#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
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

    // Removes [lo, hi), shortening or splitting the ranges it cuts through.
    void erase(T lo, T hi) {
        if (!(lo < hi)) {
            return;
        }
        auto it = ranges_.upper_bound(lo);
        if (it != ranges_.begin()) {
            auto prev = std::prev(it);
            if (lo < prev->second) {
                T old_hi = prev->second;
                if (prev->first < lo) {
                    prev->second = lo;
                } else {
                    ranges_.erase(prev);
                }
                if (hi < old_hi) {
                    ranges_.emplace(hi, old_hi);
                    return;
                }
            }
        }
        if (it != ranges_.end() && it->first < hi) {
            T old_hi = it->second;
            it = ranges_.erase(it);
            if (hi < old_hi) {
                ranges_.emplace(hi, old_hi);
            }
        }
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

    // The parts of [lo, hi) that the set does not cover.
    IntervalSet gaps(T lo, T hi) const {
        IntervalSet free;
        if (!(lo < hi)) {
            return free;
        }
        T cursor = lo;
        auto it = ranges_.upper_bound(lo);
        if (it != ranges_.begin() && lo < std::prev(it)->second) {
            cursor = std::prev(it)->second;
        }
        for (; it != ranges_.end() && it->first < hi; ++it) {
            free.insert(cursor, it->first);
            cursor = std::max(cursor, it->second);
        }
        free.insert(cursor, hi);
        return free;
    }

    // The sum of hi - lo over the ranges.
    T total_length() const {
        T total{};
        for (const auto &range : ranges_) {
            total += range.second - range.first;
        }
        return total;
    }

    // "[1, 3) [5, 8)", or "{}" when empty.
    std::string to_string() const {
        std::ostringstream out;
        out << *this;
        return out.str();
    }

    friend std::ostream &operator<<(std::ostream &out, const IntervalSet &set) {
        if (set.empty()) {
            return out << "{}";
        }
        const char *separator = "";
        for (const auto &range : set.ranges_) {
            out << separator << '[' << range.first << ", " << range.second << ')';
            separator = " ";
        }
        return out;
    }

    // The ranges in increasing order.
    std::vector<Interval> intervals() const { return {ranges_.begin(), ranges_.end()}; }

    friend bool operator==(const IntervalSet &a, const IntervalSet &b) { return a.ranges_ == b.ranges_; }
    friend bool operator!=(const IntervalSet &a, const IntervalSet &b) { return !(a == b); }

private:
    std::map<T, T> ranges_;  // lo -> hi
};

}  // namespace intervals
