// Package bytesize formats byte counts for people ("1.5 MiB", "20 kB") and parses them back.
package bytesize

import (
	"fmt"
	"math"
)

var units = []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}

// Format gives n in binary (IEC) units, powers of 1024, with one decimal: Format(1536) is "1.5 KiB".
// Counts below 1024 are whole bytes: "512 B".
func Format(n int64) string {
	sign := ""
	value := float64(n)
	if n < 0 {
		sign = "-"
		value = math.Abs(value)
	}
	if value < 1024 {
		return fmt.Sprintf("%s%d B", sign, int64(value))
	}
	unit := 0
	for value >= 1024 && unit < len(units)-1 {
		value /= 1024
		unit++
	}
	return fmt.Sprintf("%s%.1f %s", sign, value, units[unit])
}
