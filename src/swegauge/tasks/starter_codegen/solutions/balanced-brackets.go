package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func balanced(s string) bool {
	pairs := map[rune]rune{')': '(', ']': '[', '}': '{'}
	stack := []rune{}
	for _, c := range s {
		if c == '(' || c == '[' || c == '{' {
			stack = append(stack, c)
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != pairs[c] {
			return false
		}
		stack = stack[:len(stack)-1]
	}
	return len(stack) == 0
}

func main() {
	reader := bufio.NewReaderSize(os.Stdin, 1<<20)
	writer := bufio.NewWriter(os.Stdout)
	defer writer.Flush()
	first, _ := reader.ReadString('\n')
	t, _ := strconv.Atoi(strings.TrimSpace(first))
	for i := 0; i < t; i++ {
		line, _ := reader.ReadString('\n')
		if balanced(strings.TrimSpace(line)) {
			fmt.Fprintln(writer, "YES")
		} else {
			fmt.Fprintln(writer, "NO")
		}
	}
}
