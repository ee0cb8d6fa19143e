#include <intervals/interval_set.hpp>

#include <gtest/gtest.h>

#include <utility>
#include <vector>

using intervals::IntervalSet;
using Ranges = std::vector<std::pair<int, int>>;

TEST(IntervalSetInsert, StartsEmpty) {
    IntervalSet<int> set;
    EXPECT_TRUE(set.empty());
    EXPECT_EQ(set.size(), 0u);
    EXPECT_FALSE(set.contains(0));
}

TEST(IntervalSetInsert, DisjointRangesStaySeparate) {
    IntervalSet<int> set;
    set.insert(10, 20);
    set.insert(1, 5);
    EXPECT_EQ(set.intervals(), (Ranges{{1, 5}, {10, 20}}));
}

TEST(IntervalSetInsert, OverlappingRangesMerge) {
    IntervalSet<int> set;
    set.insert(1, 5);
    set.insert(4, 8);
    EXPECT_EQ(set.intervals(), (Ranges{{1, 8}}));
}

TEST(IntervalSetInsert, RangeCoveringSeveralMergesThemAll) {
    IntervalSet<int> set;
    set.insert(1, 2);
    set.insert(4, 5);
    set.insert(7, 8);
    set.insert(0, 10);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 10}}));
}

TEST(IntervalSetInsert, RangeInsideAnotherChangesNothing) {
    IntervalSet<int> set;
    set.insert(0, 10);
    set.insert(3, 4);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 10}}));
}

TEST(IntervalSetInsert, EmptyRangeIsIgnored) {
    IntervalSet<int> set;
    set.insert(5, 5);
    set.insert(7, 3);
    EXPECT_TRUE(set.empty());
}

TEST(IntervalSetContains, IsHalfOpen) {
    IntervalSet<int> set;
    set.insert(9, 12);
    EXPECT_FALSE(set.contains(8));
    EXPECT_TRUE(set.contains(9));
    EXPECT_TRUE(set.contains(11));
    EXPECT_FALSE(set.contains(12));
}

TEST(IntervalSetContains, WorksWithDoubles) {
    IntervalSet<double> set;
    set.insert(0.5, 1.5);
    EXPECT_TRUE(set.contains(1.25));
    EXPECT_FALSE(set.contains(1.5));
}

TEST(IntervalSetCompare, SameCoverageIsEqual) {
    IntervalSet<int> a;
    a.insert(1, 4);
    a.insert(3, 9);
    IntervalSet<int> b;
    b.insert(1, 9);
    EXPECT_EQ(a, b);
}

TEST(IntervalSetErase, SplitsARange) {
    IntervalSet<int> set;
    set.insert(0, 10);
    set.erase(3, 5);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 3}, {5, 10}}));
}

TEST(IntervalSetErase, TrimsEitherEnd) {
    IntervalSet<int> set;
    set.insert(0, 10);
    set.erase(-5, 2);
    set.erase(8, 20);
    EXPECT_EQ(set.intervals(), (Ranges{{2, 8}}));
}

TEST(IntervalSetErase, RemovesAWholeRange) {
    IntervalSet<int> set;
    set.insert(0, 5);
    set.insert(10, 15);
    set.erase(10, 15);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 5}}));
}

TEST(IntervalSetErase, OutsideChangesNothing) {
    IntervalSet<int> set;
    set.insert(0, 5);
    set.erase(5, 9);
    set.erase(-3, 0);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 5}}));
}

TEST(IntervalSetErase, ReachingIntoTheNextRange) {
    IntervalSet<int> set;
    set.insert(0, 5);
    set.insert(10, 15);
    set.erase(3, 12);
    EXPECT_EQ(set.intervals(), (Ranges{{0, 3}, {12, 15}}));
}
