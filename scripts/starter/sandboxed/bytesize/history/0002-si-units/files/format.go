// Package bytesize formats byte counts for people ("1.5 MiB", "20 kB") and parses them back.
package bytesize

import (
	"fmt"
	"math"
)

var (
	iecUnits = []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	siUnits  = []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
)

// Format gives n in binary (IEC) units, powers of 1024, with one decimal: Format(1536) is "1.5 KiB".
// Counts below 1024 are whole bytes: "512 B".
func Format(n int64) string {
	return format(n, 1024, iecUnits)
}

// FormatSI gives n in decimal (SI) units, powers of 1000, with one decimal: FormatSI(1500) is "1.5 kB".
func FormatSI(n int64) string {
	return format(n, 1000, siUnits)
}

func format(n int64, base float64, units []string) string {
	sign := ""
	value := float64(n)
	if n < 0 {
		sign = "-"
		value = math.Abs(value)
	}
	if value < base {
		return fmt.Sprintf("%s%d B", sign, int64(value))
	}
	unit := 0
	for value >= base && unit < len(units)-1 {
		value /= base
		unit++
	}
	return fmt.Sprintf("%s%.1f %s", sign, value, units[unit])
}
