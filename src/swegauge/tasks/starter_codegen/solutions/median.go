package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
)

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	var n int
	fmt.Fscan(reader, &n)
	xs := make([]int64, n)
	for i := range xs {
		fmt.Fscan(reader, &xs[i])
	}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	var m float64
	if n%2 == 1 {
		m = float64(xs[n/2])
	} else {
		m = (float64(xs[n/2-1]) + float64(xs[n/2])) / 2
	}
	fmt.Printf("%.6f\n", m)
}
