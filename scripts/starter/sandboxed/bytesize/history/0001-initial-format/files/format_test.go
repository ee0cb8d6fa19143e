package bytesize

import (
	"math"
	"testing"
)

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1: "1 B", 512: "512 B", 1023: "1023 B"} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatUnits(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{1024, "1.0 KiB"},
		{1536, "1.5 KiB"},
		{10 * 1024 * 1024, "10.0 MiB"},
		{5 << 30, "5.0 GiB"},
		{3 << 40, "3.0 TiB"},
		{math.MaxInt64, "8.0 EiB"},
	}
	for _, c := range cases {
		if got := Format(c.n); got != c.want {
			t.Errorf("Format(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestFormatNegative(t *testing.T) {
	if got := Format(-1536); got != "-1.5 KiB" {
		t.Errorf("Format(-1536) = %q", got)
	}
	if got := Format(-12); got != "-12 B" {
		t.Errorf("Format(-12) = %q", got)
	}
	if got := Format(math.MinInt64); got != "-8.0 EiB" {
		t.Errorf("Format(MinInt64) = %q", got)
	}
}
