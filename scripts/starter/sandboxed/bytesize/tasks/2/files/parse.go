package bytesize

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxBytes is 2^63, the first count an int64 cannot hold.
const maxBytes = float64(1 << 63)

var multipliers = map[string]float64{
	"":    1,
	"b":   1,
	"k":   1e3,
	"kb":  1e3,
	"mb":  1e6,
	"gb":  1e9,
	"tb":  1e12,
	"pb":  1e15,
	"eb":  1e18,
	"kib": 1 << 10,
	"mib": 1 << 20,
	"gib": 1 << 30,
	"tib": 1 << 40,
	"pib": 1 << 50,
	"eib": 1 << 60,
}

// Parse reads a size such as "512", "1.5 KiB", "20kB" or "3 GB" (units are case-insensitive; the
// space is optional) and returns the number of bytes, rounded to the nearest byte.
func Parse(s string) (int64, error) {
	text := strings.TrimSpace(s)
	cut := len(text)
	for i, r := range text {
		if (r < '0' || r > '9') && r != '.' {
			cut = i
			break
		}
	}
	number, unit := text[:cut], strings.ToLower(strings.TrimSpace(text[cut:]))
	if number == "" {
		return 0, fmt.Errorf("bytesize: %q has no number", s)
	}
	value, err := strconv.ParseFloat(number, 64)
	if err != nil {
		return 0, fmt.Errorf("bytesize: %q: bad number %q", s, number)
	}
	multiplier, ok := multipliers[unit]
	if !ok {
		return 0, fmt.Errorf("bytesize: %q: unknown unit %q", s, unit)
	}
	bytes := math.Round(value * multiplier)
	if bytes >= maxBytes {
		return 0, fmt.Errorf("bytesize: %q is too large (the largest size is 8 EiB minus one byte)", s)
	}
	return int64(bytes), nil
}
