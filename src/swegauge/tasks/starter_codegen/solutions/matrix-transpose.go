package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	var r, c int
	fmt.Fscan(reader, &r, &c)
	m := make([][]int64, r)
	for i := range m {
		m[i] = make([]int64, c)
		for j := range m[i] {
			fmt.Fscan(reader, &m[i][j])
		}
	}
	for j := 0; j < c; j++ {
		for i := 0; i < r; i++ {
			if i > 0 {
				writer.WriteByte(' ')
			}
			fmt.Fprint(writer, m[i][j])
		}
		writer.WriteByte('\n')
	}
}
